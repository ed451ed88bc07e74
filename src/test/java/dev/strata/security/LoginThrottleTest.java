package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
            now = now.plusSeconds(1);
        }
    }

    @Test
    void five_failures_for_a_user_name_lock_it_for_a_minute_from_any_address() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.lockedUntil("alice", "10.0.0.9")).isNull();

        fail("alice", "10.0.0.2", 1);

        assertThat(throttle.lockedUntil("Alice", "10.0.0.9")).isNotNull();
        assertThat(throttle.lockedUntil("bob", "10.0.0.9")).isNull();
        now = now.plus(Duration.ofMinutes(1));
        assertThat(throttle.lockedUntil("alice", "10.0.0.9")).isNull();
    }

    @Test
    void each_further_failure_doubles_the_delay() {
        fail("alice", null, 5);
        Instant first = throttle.lockedUntil("alice", null);
        fail("alice", null, 2);
        Instant third = throttle.lockedUntil("alice", null);

        assertThat(Duration.between(now, first).plusSeconds(2).toSeconds()).isBetween(55L, 60L);
        assertThat(Duration.between(now, third).toSeconds()).isBetween(235L, 240L);
    }

    @Test
    void twenty_failures_from_one_address_lock_that_address_for_every_user_name() {
        for (int i = 0; i < 20; i++) {
            fail("user" + i, "10.0.0.66", 1);
        }

        assertThat(throttle.lockedUntil("somebody-else", "10.0.0.66")).isNotNull();
        assertThat(throttle.lockedUntil("somebody-else", "10.0.0.67")).isNull();
    }

    @Test
    void failures_older_than_ten_minutes_no_longer_count_and_a_success_resets_the_user() {
        fail("alice", null, 4);
        now = now.plus(Duration.ofMinutes(11));
        fail("alice", null, 1);
        assertThat(throttle.lockedUntil("alice", null)).isNull();

        fail("bob", null, 4);
        throttle.succeeded("bob");
        fail("bob", null, 1);
        assertThat(throttle.lockedUntil("bob", null)).isNull();
    }
}
