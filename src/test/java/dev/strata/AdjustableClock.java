package dev.strata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves by hand: the store dates commits by it and the gates compare with it, so a
 * day of soak passes in one call instead of a day.
 */
public final class AdjustableClock extends Clock {

    private volatile Instant now;

    public AdjustableClock(Instant start) {
        this.now = start;
    }

    public void set(Instant moment) {
        now = moment;
    }

    public void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Imported by a test: the application's clock (primary over demo mode's), starting at the last full hour. */
    @TestConfiguration
    public static class Configuration {

        @Bean
        @Primary
        AdjustableClock adjustableClock() {
            return new AdjustableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        }
    }
}
