package dev.strata.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The reads requests are making on the repository ({@link Snapshots#io}), so that background work
 * can step aside while there are any: it shares their two cores and JGit's pack cache, and a search
 * of changed keys that ran beside requests once made a key query ten times slower. Requests only
 * count themselves in and out; the background work does the waiting.
 */
final class ForegroundReads {

    /** A page load makes several reads in a row: the pause between two must not let the background in. */
    static final Duration QUIET = Duration.ofMillis(50);
    /** However busy the requests, background work makes some progress: one step per this long. */
    static final Duration LONGEST_WAIT = Duration.ofMillis(500);

    private final AtomicInteger running = new AtomicInteger();
    private volatile long lastEnded = System.nanoTime() - QUIET.toNanos();

    void begin() {
        running.incrementAndGet();
    }

    void end() {
        lastEnded = System.nanoTime();
        running.decrementAndGet();
    }

    /** Whether a read is running or one ended less than {@link #QUIET} ago. */
    boolean busy() {
        return running.get() > 0 || System.nanoTime() - lastEnded < QUIET.toNanos();
    }

    /** Returns once no read has run for {@link #QUIET}, or after {@link #LONGEST_WAIT}; at once when none is running. */
    void stepAside() {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (busy() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(QUIET.toNanos() / 5);
        }
    }
}
