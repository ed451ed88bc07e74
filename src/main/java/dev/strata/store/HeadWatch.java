package dev.strata.store;

import dev.strata.config.HistoryRewrite;
import dev.strata.config.Revision;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
 * with plain git until someone deletes that ref.
 */
final class HeadWatch {

    static final String LAST_SEEN = "refs/strata/last-seen";
    static final String REWRITTEN = "refs/strata/rewritten/";

    private static final Logger LOG = LoggerFactory.getLogger(HeadWatch.class);

    private final Repository repository;
    private volatile ObjectId lastSeen;
    private boolean loaded;

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
                lastSeen = head;
                if (previous != null && !contains(head, previous)) {
                    String record = REWRITTEN + Instant.now().getEpochSecond() + "-" + head.name();
                    LOG.warn("The branch main was rewritten outside Strata: it moved from {} to {}, which does not"
                            + " contain {}; the lost commits stay reachable as {}", previous.name(), head.name(),
                            previous.name(), record);
                    update(record, previous);
                }
                update(LAST_SEEN, head);
            } catch (IOException e) {
                LOG.warn("Recording that main is at {} (before: {}) failed: {}", head.name(),
                        previous == null ? "none" : previous.name(), e.toString());
            }
        }
    }

    List<HistoryRewrite> rewrites() throws IOException {
        return repository.getRefDatabase().getRefsByPrefix(REWRITTEN).stream()
                .map(HeadWatch::rewrite).filter(Objects::nonNull)
                .sorted(Comparator.comparing(HistoryRewrite::detected).reversed()).toList();
    }

    /** A ref under {@value #REWRITTEN} that someone named by hand is not Strata's record; it is ignored. */
    private static HistoryRewrite rewrite(Ref ref) {
        String name = ref.getName().substring(REWRITTEN.length());
        int dash = name.indexOf('-');
        try {
            return new HistoryRewrite(new Revision(ref.getObjectId().name()), new Revision(name.substring(dash + 1)),
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
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("updating " + name + " to " + target.name() + " failed: " + result);
        }
    }
}
