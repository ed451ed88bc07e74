package dev.strata.store;

import dev.strata.config.StoreException;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's repository fast as commits accumulate: merges the small packs that commits
 * add, in the background, and on demand packs everything and writes the commit-graph. Both need
 * JGit's internals ({@link GC}, {@link FileRepository}), which its public API does not offer; a
 * repository of another kind (in memory, in tests) is left as it is.
 */
final class RepositoryMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryMaintenance.class);

    private final Repository repository;
    private final GitHistory history;
    /** The head of main now, whose newest commits get their changed keys saved. */
    private final Supplier<ObjectId> head;
    /** Packing and merging packs take turns: each rewrites the pack list the other reads. */
    private final Object maintenanceLock = new Object();

    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("strata-pack-consolidation").factory());
    private final AtomicInteger packsSinceConsolidation = new AtomicInteger();
    private HistoryIndexing indexing;

    RepositoryMaintenance(Repository repository, GitHistory history, Supplier<ObjectId> head) {
        this.repository = repository;
        this.history = history;
        this.head = head;
    }

    /**
     * Packs objects and refs and writes the commit-graph (with changed-path filters), so that reads
     * and history stay fast as commits accumulate, then finds and saves the keys each of the newest
     * commits changed, for key history queries ({@link ChangedKeys}). Safe while serving: objects
     * younger than {@link #PRUNE_AFTER} are never pruned, so a commit being written keeps its objects,
     * and a commit that meets a ref lock held by the packing retries.
     */
    /**
     * How long an unreachable object is kept. Git's two weeks would keep every replaced instance
     * snapshot ({@code refs/strata/instances/*}, one a minute per Strata instance: about 220 MB a
     * day at 10,000 clients); an hour still far outlasts the seconds between writing a commit's
     * objects and moving its ref.
     */
    static final Duration PRUNE_AFTER = Duration.ofHours(1);

    void maintain() {
        if (!(repository instanceof FileRepository fileRepository)) {
            return;
        }
        long start = System.nanoTime();
        try {
            synchronized (maintenanceLock) {
                GC gc = new GC(fileRepository);
                gc.setAuto(false);
                gc.setExpireAgeMillis(PRUNE_AFTER.toMillis());
                gc.gc().get();
            }
            history.rememberChangedKeys(head.get());
        } catch (IOException | ParseException | GitAPIException e) {
            throw new StoreException("Maintenance of " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new StoreException("Maintenance of " + repository.getDirectory() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Maintenance of " + repository.getDirectory() + " was interrupted", e);
        }
        LOG.info("Maintained {} in {} ms", repository.getDirectory(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Told of each pack a write adds: after {@value PackConsolidation#PACK_LIMIT} of them, the small
     * packs are merged in the background. Commits never wait for it.
     */
    void packWritten() {
        if (repository instanceof FileRepository fileRepository
                && packsSinceConsolidation.incrementAndGet() == PackConsolidation.PACK_LIMIT) {
            background.execute(() -> {
                packsSinceConsolidation.set(0);
                try {
                    synchronized (maintenanceLock) {
                        int merged = PackConsolidation.consolidate(fileRepository);
                        LOG.debug("Merged {} packs of {}", merged, repository.getDirectory());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn(
                            "Merging the packs of {} failed; maintenance will repack them: {}",
                            repository.getDirectory(),
                            e.toString());
                }
            });
        }
    }

    /**
     * Starts catching the history's commit-graph and changed keys up in the background
     * ({@link HistoryIndexing}), stepping aside for {@code foreground}; once per store.
     */
    synchronized HistoryIndexing catchUpHistory(ForegroundReads foreground) {
        if (indexing == null) {
            indexing = new HistoryIndexing(repository, history.changedKeys(), head, foreground);
            indexing.start();
        }
        return indexing;
    }

    /** The catch-up {@link #catchUpHistory} started, or null. */
    synchronized HistoryIndexing indexing() {
        return indexing;
    }

    /** Lets a merge of packs under way finish (for up to a minute), so that the repository closes with whole packs. */
    @Override
    public void close() {
        HistoryIndexing started = indexing();
        if (started != null) {
            started.close();
        }
        background.shutdown();
        try {
            if (!background.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Merging the packs of {} did not finish; closing anyway", repository.getDirectory());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
