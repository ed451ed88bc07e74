package dev.strata.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import dev.strata.config.ConfigStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * In demo mode the clock dates the past while the demo history is seeded. The seeding is over before the
 * web server answers anyone: a request served at start-up (an instance's first poll, a commit) is dated
 * now, not weeks ago, where a sighting would be older than the day sightings are kept.
 */
@ApiTest
@FreshDataDirectory
@Import(DemoStartTest.ClockAtServerStart.class)
class DemoStartTest {

    @TestConfiguration
    static class ClockAtServerStart {

        static volatile Instant whenServing;

        @Bean
        ApplicationListener<WebServerInitializedEvent> clockWhenServing(Clock clock) {
            return event -> whenServing = clock.instant();
        }
    }

    @Autowired
    ConfigStore store;

    @Test
    void the_demo_is_seeded_before_the_server_answers_so_nothing_it_serves_is_dated_in_the_past() {
        assertThat(store.snapshot().applications()).as("the demo is seeded").isNotEmpty();
        assertThat(ClockAtServerStart.whenServing)
                .as("the clock when the web server started")
                .isCloseTo(Instant.now(), within(10, ChronoUnit.MINUTES));
    }
}
