package dev.strata.store;

import dev.strata.config.StoreException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop of the writes on main: runs one write's compare-and-swap tries until one lands,
 * with writers of this process taking turns, and gives up once the write's patience is spent.
 * {@link MainWrites} says what each try edits.
 */
final class WriteRetries {

    // under MainWrites' name, where this loop was, so that logging settings made for it still apply
    private static final Logger LOG = LoggerFactory.getLogger(MainWrites.class);

    private final Repository repository;
    private final Snapshots snapshots;
    private final RefMover refs;
    /** Told of each commit written, which adds a pack. */
    private final Runnable packWritten;
    /** Whether main is pushed to a remote first: then the fetch after a rejected push is the pause between tries. */
    private final boolean withRemote;
    /** How long a write keeps trying before it gives up. */
    private final Duration writePatience;

    private final ReentrantLock writeLock = new ReentrantLock();

    WriteRetries(
            Repository repository,
            Snapshots snapshots,
            RefMover refs,
            Runnable packWritten,
            boolean withRemote,
            Duration writePatience) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.refs = refs;
        this.packWritten = packWritten;
        this.withRemote = withRemote;
        this.writePatience = writePatience;
    }

    /**
     * Runs {@code attempt} (one compare-and-swap try, null when the branch moved) until it succeeds.
     * Writers of this process take turns; against writers of other processes, a random pause
     * between tries keeps one from starving the other.
     */
    <T> T run(GitConfigStore.GitWork<T> attempt) {
        writeLock.lock();
        try {
            refs.beforeWrite();
            long deadline = System.nanoTime() + writePatience.toNanos();
            for (int tries = 1; ; tries++) {
                T outcome = snapshots.io(attempt);
                if (outcome != null) {
                    packWritten.run();
                    return outcome;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("The branch main of " + repository.getDirectory()
                            + " kept moving or stayed" + " locked for " + writePatience.toSeconds() + " s (" + tries
                            + " tries); try again");
                }
                LOG.debug("Branch main moved during a write; trying again ({})", tries);
                if (!withRemote) {
                    pause(tries);
                }
                // With a remote, the fetch after the rejected push was the pause; trying at once is what
                // lets this write win over the other instance's next one, which starts with a fetch of its own.
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void pause(int tries) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(tries, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the branch main", e);
        }
    }
}
