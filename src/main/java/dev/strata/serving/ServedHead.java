package dev.strata.serving;

import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The snapshot at the head of main as the serving endpoint reads it for every request: read from
 * the repository again when the store moves a ref (on the thread that moves it, before the commit
 * is acknowledged, so a client that committed is served its commit), and otherwise at most every
 * {@value #REREAD_MILLIS} ms, for a push by plain git into the data directory, which the store
 * learns of only when it reads the branch. Reading the branch is a {@code stat} of its ref file:
 * profiled with JFR under wrk, about 3 % of a served configuration's CPU time.
 */
@Component
class ServedHead {

    /** As often as the watch looks for what the store cannot report ({@link ConfigWatch#POLL_MILLIS}). */
    static final long REREAD_MILLIS = 100;

    private static final long REREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(REREAD_MILLIS);

    private final ConfigStore store;
    /** How many times the store reported moved refs; a snapshot read before the latest move is not used. */
    private final AtomicLong moves = new AtomicLong();

    private volatile Known known;

    private record Known(ConfigSnapshot snapshot, long moves, long readAt) {}

    ServedHead(ConfigStore store) {
        this.store = store;
        store.whenRefsMove(moves::incrementAndGet);
    }

    /** The snapshot at the head of main, as {@link ConfigStore#snapshot()} reads it, read again as the class says. */
    ConfigSnapshot snapshot() {
        Known last = known;
        long now = System.nanoTime();
        long movesNow = moves.get();
        if (last != null && last.moves() == movesNow && now - last.readAt() < REREAD_NANOS) {
            return last.snapshot();
        }
        // a move during this read leaves the counter ahead of what is kept: the next request reads again
        ConfigSnapshot snapshot = store.snapshot();
        known = new Known(snapshot, movesNow, now);
        return snapshot;
    }
}
