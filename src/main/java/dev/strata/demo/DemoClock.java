package dev.strata.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The time the store dates its commits by in demo mode: while the demo history is seeded, a moment of
 * the past weeks that only {@link DemoData} moves forward; once it is seeded, now. Only this package
 * can move it, so no other caller can write commits into the past.
 *
 * <p>It starts in the past because the store writes the repository's first commit when it opens,
 * before the demo is seeded, and a commit is never older than its parent. {@link DemoData} seeds before
 * the web server starts, so nobody's request is dated in the past.
 */
@Component
@ConditionalOnProperty(name = "strata.demo", havingValue = "true")
final class DemoClock extends Clock {

    /** How far back the demo history starts. */
    static final Duration HISTORY = Duration.ofDays(29);

    private final Clock now;
    /** The moment the next commit is dated, or null once seeding is over. */
    private volatile Instant seeding;

    DemoClock() {
        this.now = Clock.systemDefaultZone();
        this.seeding = now.instant().minus(HISTORY).truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    public Instant instant() {
        Instant moment = seeding;
        Instant current = now.instant();
        // never in the future, whatever the steps add up to
        return moment == null || moment.isAfter(current) ? current : moment;
    }

    @Override
    public ZoneId getZone() {
        return now.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return now.withZone(zone);
    }

    /** Dates the next commit {@code step} after the one before. */
    void advance(Duration step) {
        Instant moment = seeding;
        if (moment != null) {
            seeding = moment.plus(step);
        }
    }

    /** Makes the next commit come after {@code parent}, the head the demo history is seeded on. */
    void after(Instant parent) {
        Instant moment = seeding;
        if (moment != null && !moment.isAfter(parent)) {
            seeding = parent.plusSeconds(60);
        }
    }

    /** Seeding is over (or not needed): commits are dated now from here on. */
    void seeded() {
        seeding = null;
    }
}
