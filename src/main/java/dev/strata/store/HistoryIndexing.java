package dev.strata.store;

import dev.strata.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jgit.internal.storage.commitgraph.CommitGraph;
import org.eclipse.jgit.internal.storage.commitgraph.CommitGraphWriter;
import org.eclipse.jgit.internal.storage.commitgraph.GraphCommits;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches the history's derived files up after a start-up, in the background, for a history that
 * plain Git wrote or pushed and no {@code maintain()} has seen: first the commit-graph with
 * changed-path filters, so that a query on a file or a key of one application skips the commits
 * that did not touch it without diffing their trees; then the keys each commit changed
 * ({@link ChangedKeys}), newest first, saved every {@value #CHUNK} commits so that a restart goes
 * on where the last one stopped. Queries meanwhile use what is there and diff the rest, as before.
 * One thread, which steps aside while requests read the repository ({@link ForegroundReads}).
 */
final class HistoryIndexing implements AutoCloseable {

    /** Commits whose changed keys are found between two saves: what a crash or a stop can lose. */
    static final int CHUNK = 5_000;
    /**
     * How many of the newest commits on main's first-parent line may be missing from the
     * commit-graph before it is written again: a maintained repository is only behind by the
     * commits of the last hour, which queries diff quickly, and the next {@code maintain()} covers.
     */
    static final int GRAPH_LAG = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryIndexing.class);
    private static final String COMMIT_GRAPH = "commit-graph";

    private final Repository repository;
    private final ChangedKeys changedKeys;
    private final Supplier<ObjectId> head;
    private final ForegroundReads foreground;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .daemon()
            .priority(Thread.MIN_PRIORITY)
            .name("strata-history-indexing")
            .factory());
    private final CompletableFuture<Progress> done = new CompletableFuture<>();
    private final CompletableFuture<Void> graphReady = new CompletableFuture<>();
    private volatile boolean closed;

    /** What the catch-up did: milliseconds writing the commit-graph (0 when it was fresh), finding keys, commits found. */
    record Progress(long graphMillis, long keysMillis, int keysFound) {}

    HistoryIndexing(
            Repository repository, ChangedKeys changedKeys, Supplier<ObjectId> head, ForegroundReads foreground) {
        this.repository = repository;
        this.changedKeys = changedKeys;
        this.head = head;
        this.foreground = foreground;
    }

    /** Starts the catch-up on the head of main now. */
    void start() {
        thread.execute(this::catchUp);
    }

    /** Completes when the catch-up is done, with what it did; exceptionally when it failed or was stopped. */
    CompletableFuture<Progress> done() {
        return done;
    }

    /** Completes once the commit-graph covers main's head at start-up (at once when it already did). */
    CompletableFuture<Void> graphReady() {
        return graphReady;
    }

    private void catchUp() {
        try {
            ObjectId tip = head.get();
            long start = System.nanoTime();
            boolean wrote = writeCommitGraphIfBehind(tip);
            long graphMillis = wrote ? (System.nanoTime() - start) / 1_000_000 : 0;
            graphReady.complete(null);
            start = System.nanoTime();
            int found = findChangedKeys(tip);
            Progress progress = new Progress(graphMillis, (System.nanoTime() - start) / 1_000_000, found);
            if (wrote || found > 0) {
                LOG.info(
                        "History of {} indexed: commit-graph {}, keys changed by {} commits found in {} ms",
                        repository.getDirectory(),
                        wrote ? "written in " + graphMillis + " ms" : "up to date",
                        found,
                        progress.keysMillis());
            }
            done.complete(progress);
        } catch (Stopped e) {
            graphReady.completeExceptionally(e);
            done.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Indexing the history of {} failed; queries diff the commits it did not reach, and maintenance"
                            + " indexes them: {}",
                    repository.getDirectory(),
                    e.toString());
            graphReady.completeExceptionally(e);
            done.completeExceptionally(e);
        }
    }

    /**
     * Writes the commit-graph of main's history when there is none or it is more than
     * {@link #GRAPH_LAG} commits behind. The filters of commits the old graph covers are copied,
     * not computed again. Written like every file of the data directory ({@link AtomicFile}): a
     * crash leaves the old graph or the new one; {@code maintain()} may replace it at any time with
     * one of its own, just as valid.
     */
    private boolean writeCommitGraphIfBehind(ObjectId tip) throws IOException {
        if (!(repository.getObjectDatabase() instanceof ObjectDirectory objects)
                || !objects.getShallowCommits().isEmpty()
                || graphCovers(tip)) {
            return false;
        }
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        try (RevWalk walk = new RevWalk(repository)) {
            ProgressMonitor steppingAside = new SteppingAside();
            GraphCommits commits = GraphCommits.fromWalk(steppingAside, Set.of(tip), walk);
            new CommitGraphWriter(commits, true).write(steppingAside, graph);
        }
        AtomicFile.write(objects.getDirectory().toPath().resolve(Path.of("info", COMMIT_GRAPH)), graph.toByteArray());
        return true;
    }

    /** Whether one of the {@link #GRAPH_LAG} newest commits on main's first-parent line is in the commit-graph. */
    private boolean graphCovers(ObjectId tip) throws IOException {
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            Optional<CommitGraph> graph = reader.getCommitGraph();
            if (graph.isEmpty()) {
                return false;
            }
            RevCommit commit = walk.parseCommit(tip);
            for (int i = 0; i < GRAPH_LAG; i++) {
                if (graph.get().findGraphPosition(commit) >= 0) {
                    return true;
                }
                if (commit.getParentCount() == 0) {
                    return false;
                }
                commit = walk.parseCommit(commit.getParent(0));
            }
            return false;
        }
    }

    /** Finds the changed keys of main's newest commits not known yet, up to {@link ChangedKeys#CAPACITY}. */
    private int findChangedKeys(ObjectId tip) throws IOException {
        int found = 0;
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRetainBody(false);
            walk.markStart(walk.parseCommit(tip));
            int walked = 0;
            for (RevCommit commit : walk) {
                if (++walked > ChangedKeys.CAPACITY) {
                    break;
                }
                if (changedKeys.get(commit) != null) {
                    continue;
                }
                stepAside();
                changedKeys.find(walk, commit);
                if (++found % CHUNK == 0) {
                    changedKeys.save();
                }
            }
        }
        if (found % CHUNK != 0) {
            changedKeys.save();
        }
        return found;
    }

    private void stepAside() {
        if (closed) {
            throw new Stopped();
        }
        foreground.stepAside();
    }

    /** Stops the catch-up at its next step (what it found so far was saved up to the last chunk) and waits for it. */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Indexing the history of {} did not stop; closing anyway", repository.getDirectory());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        graphReady.completeExceptionally(new Stopped());
        done.completeExceptionally(new Stopped());
    }

    /** Thrown in the indexing thread once the store closes. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("the store closed", null, false, false);
        }
    }

    /** JGit reports each commit it walks or filters to its monitor: the moment to step aside, or to stop. */
    private final class SteppingAside implements ProgressMonitor {
        @Override
        public void start(int totalTasks) {}

        @Override
        public void beginTask(String title, int totalWork) {}

        @Override
        public void update(int completed) {
            stepAside();
        }

        @Override
        public void endTask() {}

        @Override
        public boolean isCancelled() {
            return closed;
        }

        @Override
        public void showDuration(boolean enabled) {}
    }
}
