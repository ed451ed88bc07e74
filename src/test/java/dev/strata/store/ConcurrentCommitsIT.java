package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConflictException;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentCommitsIT {

    private static final int THREADS = 8;
    /**
     * Commits per thread, and rounds of the same-key race. Every round is a race of all eight threads
     * (they start it together), and the different-key test counts its rebased commits: more rounds repeat
     * the same race, and the two hundred of before cost twice the CPU time for no other case.
     */
    private static final int COMMITS = 100;

    private static final PersonIdent ALICE_IDENT = new PersonIdent(ALICE.name(), ALICE.email());

    @TempDir
    Path dataDir;

    private static ChangeSet change(Revision base, int thread, String key, String value) {
        return new ChangeSet(
                PAYMENTS,
                DEV,
                new TreeMap<>(Map.of(new SettingKey(key), value)),
                new TreeSet<>(),
                "Thread " + thread + " sets " + key,
                new Author("Writer " + thread, "writer" + thread + "@example.com"),
                base);
    }

    private int commitsSince(Revision since) throws IOException {
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(dataDir.resolve("config.git").toFile())
                        .build();
                RevWalk walk = new RevWalk(repository)) {
            walk.markStart(
                    walk.parseCommit(repository.exactRef("refs/heads/main").getObjectId()));
            walk.markUninteresting(walk.parseCommit(ObjectId.fromString(since.id())));
            int count = 0;
            for (RevCommit ignored : walk) {
                count++;
            }
            return count;
        }
    }

    @Test
    void eight_threads_committing_different_keys_on_stale_bases_all_land() throws Exception {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Revision start = store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            AtomicInteger rebased = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    Revision base = start;
                    for (int i = 0; i < COMMITS; i++) {
                        var result = store.commit(change(base, thread, "T" + thread, String.valueOf(i)));
                        if (result.rebased()) {
                            rebased.incrementAndGet();
                        }
                        base = result.revision();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();

            assertThat(commitsSince(start)).isEqualTo(THREADS * COMMITS);
            Settings settings = store.snapshot().settings(PAYMENTS, DEV);
            assertThat(settings.size()).isEqualTo(THREADS);
            for (int t = 0; t < THREADS; t++) {
                assertThat(settings.get(new SettingKey("T" + t))).contains(String.valueOf(COMMITS - 1));
            }
            assertThat(rebased.get()).isPositive();
        }
    }

    @Test
    void eight_threads_committing_the_same_key_on_the_same_base_have_exactly_one_winner_per_round() throws Exception {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Revision start = store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
            AtomicReference<Revision> roundBase = new AtomicReference<>(start);
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            List<String> badRounds = new ArrayList<>();
            CyclicBarrier ready = new CyclicBarrier(THREADS);
            CyclicBarrier done = new CyclicBarrier(THREADS, () -> {
                int won = winners.getAndSet(0);
                int lost = conflicts.getAndSet(0);
                if (won != 1 || lost != THREADS - 1) {
                    badRounds.add(won + " winners, " + lost + " conflicts");
                }
                roundBase.set(store.head());
            });
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < COMMITS; round++) {
                        ready.await();
                        try {
                            store.commit(
                                    change(roundBase.get(), thread, "HOT", "round " + round + " thread " + thread));
                            winners.incrementAndGet();
                        } catch (ConflictException e) {
                            assertThat(e.conflicts())
                                    .extracting(c -> c.key().value())
                                    .containsExactly("HOT");
                            conflicts.incrementAndGet();
                        }
                        done.await();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();

            assertThat(badRounds).isEmpty();
            assertThat(commitsSince(start)).isEqualTo(COMMITS);
            assertThat(store.snapshot()
                            .settings(PAYMENTS, DEV)
                            .get(new SettingKey("HOT"))
                            .orElseThrow())
                    .startsWith("round " + (COMMITS - 1) + " ");
        }
    }

    /**
     * One Strata per data directory, but a git command may write into its repository at any time:
     * here a second writer on its own {@link Repository}, as git would be, moving main with the
     * same compare-and-swap.
     */
    @Test
    void a_store_and_another_writer_on_its_repository_never_lose_an_update() throws Exception {
        try (GitConfigStore store = GitConfigStore.open(dataDir);
                Repository other = new FileRepositoryBuilder()
                        .setGitDir(dataDir.resolve("config.git").toFile())
                        .build()) {
            Revision start = store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
            LocalRefs otherRefs = new LocalRefs(other);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.commit(change(store.head(), thread, "S" + thread, String.valueOf(i)));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    CommitWriter.Written written;
                    do {
                        try (RevWalk walk = new RevWalk(other)) {
                            RevCommit head = walk.parseCommit(
                                    other.exactRef("refs/heads/main").getObjectId());
                            written = CommitWriter.commit(
                                    other,
                                    Clock.systemUTC(),
                                    otherRefs,
                                    head,
                                    Map.of("notes/other.txt", ("note " + i + "\n").getBytes(StandardCharsets.UTF_8)),
                                    ALICE_IDENT,
                                    ALICE_IDENT,
                                    "Note " + i);
                        }
                    } while (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED);
                }
                return null;
            }));
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            assertThat(commitsSince(start)).isEqualTo(200);
            assertThat(store.snapshot().settings(PAYMENTS, DEV).values())
                    .hasSize(2)
                    .containsValue("49");
        }
    }
}
