package dev.strata.store;

import dev.strata.config.HistoryRewrite;
import dev.strata.config.Revision;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when main is rewritten behind Strata's back. The head Strata last saw is kept in the
 * repository as {@value #LAST_SEEN} rather than in a file of the data directory: a ref is updated
 * atomically by the same machinery as main, travels with the repository when it is moved or
 * backed up (so a restored backup is compared with its own past, not with another repository's),
 * is left out of ordinary clones, and keeps the commits it points at from being pruned. Each
 * rewrite is recorded as a ref {@code refs/strata/rewritten/<epoch seconds>-<new head>} pointing at
 * the head that was lost, so the warning survives restarts and the lost commits stay inspectable
 * with plain git until someone deletes that ref. Only a head that main no longer contains was lost:
 * a reader that read main before a commit and reports it after is no rewrite, and records whose
 * lost head is on main are removed at start-up ({@link #clearFalseAlarms()}).
 */
final class HeadWatch {

    static final String LAST_SEEN = "refs/strata/last-seen";
    static final String REWRITTEN = "refs/strata/rewritten/";
    static final long PERSIST_DELAY_MS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(HeadWatch.class);

    private final Repository repository;
    private volatile ObjectId lastSeen;
    private boolean loaded;
    /**
     * Writes {@value #LAST_SEEN} off the commit path, at most once per {@value #PERSIST_DELAY_MS} ms:
     * a ref update with its fsync on every commit added about 6 ms (median, on a busy VM) to each. The ref lags by that
     * much at most (a crash within it may hide a rewrite of the last commits while Strata is down),
     * and {@link #close()} writes the last head.
     */
    private final ScheduledExecutorService persister = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strata-last-seen").factory());

    private final AtomicBoolean persisting = new AtomicBoolean();

    HeadWatch(Repository repository) {
        this.repository = repository;
    }

    /**
     * Called with every head read; costs one comparison unless main moved since the last call. A
     * failure to record what it saw is logged, never thrown: reading must not fail because of it.
     */
    void saw(ObjectId head) {
        if (head.equals(lastSeen)) {
            return;
        }
        synchronized (this) {
            ObjectId previous = lastSeen;
            try {
                if (!loaded) {
                    Ref ref = repository.exactRef(LAST_SEEN);
                    previous = ref == null ? null : ref.getObjectId();
                    loaded = true;
                }
                if (head.equals(previous)) {
                    lastSeen = head;
                    return;
                }
                if (previous != null && !contains(head, previous) && containedInMain(previous)) {
                    // A reader that read main before a commit of this process and reports it after:
                    // nothing was lost, main holds the head seen last.
                    return;
                }
                lastSeen = head;
                if (previous != null && !contains(head, previous)) {
                    String record = REWRITTEN + Instant.now().getEpochSecond() + "-" + head.name();
                    LOG.warn(
                            "The branch main was rewritten outside Strata: it moved from {} to {}, which does not"
                                    + " contain {}; the lost commits stay reachable as {}",
                            previous.name(),
                            head.name(),
                            previous.name(),
                            record);
                    update(record, previous);
                }
                schedulePersist();
            } catch (IOException e) {
                LOG.warn(
                        "Recording that main is at {} (before: {}) failed: {}",
                        head.name(),
                        previous == null ? "none" : previous.name(),
                        e.toString());
            }
        }
    }

    private void schedulePersist() {
        if (persisting.compareAndSet(false, true)) {
            try {
                persister.schedule(this::persist, PERSIST_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("The store is closed; {} is not recorded as the last head seen", lastSeen.name());
            }
        }
    }

    /** A ref locked by someone else (git, packing refs) is tried again later. */
    private void persist() {
        persisting.set(false);
        ObjectId head = lastSeen;
        try {
            RefUpdate update = repository.updateRef(LAST_SEEN);
            update.setNewObjectId(head);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE) {
                LOG.debug("{} is locked; recording {} later", LAST_SEEN, head.name());
                StaleLocks.removeIfStale(repository, List.of(LAST_SEEN));
                schedulePersist();
            } else if (!succeeded(result)) {
                LOG.warn("Recording {} as the last head seen failed: {}", head.name(), result);
            }
        } catch (IOException e) {
            LOG.warn("Recording {} as the last head seen failed: {}", head.name(), e.toString());
        }
    }

    /** Waits for the last-seen head to be written. */
    void close() {
        persister.shutdown();
        try {
            if (!persister.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn(
                        "The last head seen was not recorded within 10 s; a rewrite while Strata is down may go unnoticed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes the records of rewrites whose lost head is on main after all: false alarms (a head read
     * before a commit and reported after it was taken for a rewrite), or main restored since.
     */
    void clearFalseAlarms() throws IOException {
        for (Ref record : repository.getRefDatabase().getRefsByPrefix(REWRITTEN)) {
            if (containedInMain(record.getObjectId())) {
                RefUpdate delete = repository.updateRef(record.getName());
                delete.setExpectedOldObjectId(record.getObjectId());
                delete.setForceUpdate(true);
                RefUpdate.Result result = delete.delete();
                if (result == RefUpdate.Result.FORCED) {
                    LOG.info(
                            "Removed {}: the head it records as lost, {}, is on main (a false alarm, or main was"
                                    + " restored)",
                            record.getName(),
                            record.getObjectId().name());
                } else {
                    LOG.warn("Removing {}, a rewrite that lost nothing, failed: {}", record.getName(), result);
                }
            }
        }
    }

    private boolean containedInMain(ObjectId commit) throws IOException {
        Ref main = repository.exactRef(RepositoryLayout.MAIN);
        return main != null && main.getObjectId() != null && contains(main.getObjectId(), commit);
    }

    List<HistoryRewrite> rewrites() throws IOException {
        return repository.getRefDatabase().getRefsByPrefix(REWRITTEN).stream()
                .map(HeadWatch::rewrite)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(HistoryRewrite::detected).reversed())
                .toList();
    }

    /** A ref under {@value #REWRITTEN} that someone named by hand is not Strata's record; it is ignored. */
    private static HistoryRewrite rewrite(Ref ref) {
        String name = ref.getName().substring(REWRITTEN.length());
        int dash = name.indexOf('-');
        try {
            return new HistoryRewrite(
                    new Revision(ref.getObjectId().name()),
                    new Revision(name.substring(dash + 1)),
                    Instant.ofEpochSecond(Long.parseLong(name.substring(0, dash))));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean contains(ObjectId head, ObjectId ancestor) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(head));
        } catch (MissingObjectException e) {
            return false;
        }
    }

    private void update(String name, ObjectId target) throws IOException {
        RefUpdate update = repository.updateRef(name);
        update.setNewObjectId(target);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (!succeeded(result)) {
            throw new IOException("updating " + name + " to " + target.name() + " failed: " + result);
        }
    }

    private static boolean succeeded(RefUpdate.Result result) {
        return result == RefUpdate.Result.NEW
                || result == RefUpdate.Result.FORCED
                || result == RefUpdate.Result.FAST_FORWARD
                || result == RefUpdate.Result.NO_CHANGE;
    }
}
