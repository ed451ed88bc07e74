package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strata.GitCli;
import dev.strata.config.ChangeSet;
import dev.strata.config.HistoryRewrite;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A force push outside Strata, made with the git command line, is noticed, logged once and remembered. */
class RewriteDetectionTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private GitConfigStore store;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void store() {
        store = GitConfigStore.open(dataDir);
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        set("A", "1", "One");
        set("A", "2", "Two");
        log.start();
        ((Logger) LoggerFactory.getLogger(HeadWatch.class)).addAppender(log);
    }

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(HeadWatch.class)).detachAppender(log);
        store.close();
    }

    private Revision set(String key, String value, String message) {
        var values = new TreeMap<SettingKey, String>();
        values.put(new SettingKey(key), value);
        return store.commit(new ChangeSet(PAYMENTS, DEV, values, new TreeSet<>(), message, ALICE, store.head()))
                .revision();
    }

    private String git(String... args) {
        return GitCli.asMallory(work, args);
    }

    /** Clones the repository, drops its newest commit, commits something else and force-pushes it. */
    private String forcePushWithoutTheNewestCommit() throws Exception {
        git("clone", "-q", dataDir.resolve("config.git").toString(), "clone");
        git("-C", "clone", "reset", "-q", "--hard", "HEAD~1");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Rewritten");
        git("-C", "clone", "push", "-q", "--force", "origin", "main");
        return git("-C", "clone", "rev-parse", "HEAD");
    }

    /**
     * JGit may answer from its cached copy of a ref file that git replaced within the file system's
     * time resolution; it sees the new one a moment later.
     */
    private void awaitHead(String expected) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(store.head().id()).isEqualTo(expected));
    }

    private List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void strata_s_own_commits_and_fast_forward_pushes_are_not_rewrites() throws Exception {
        set("A", "3", "Three");
        git("clone", "-q", dataDir.resolve("config.git").toString(), "clone");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Pushed by hand");
        git("-C", "clone", "push", "-q", "origin", "main");

        awaitHead(git("-C", "clone", "rev-parse", "HEAD"));
        assertThat(store.rewrites()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void a_force_push_that_drops_a_commit_is_a_rewrite_naming_the_old_and_new_heads() throws Exception {
        Revision lost = store.head();

        String newHead = forcePushWithoutTheNewestCommit();

        awaitHead(newHead);
        store.snapshot();
        assertThat(store.rewrites()).singleElement().satisfies(rewrite -> {
            assertThat(rewrite.lastSeen()).isEqualTo(lost);
            assertThat(rewrite.newHead().id()).isEqualTo(newHead);
        });
        assertThat(warnings()).singleElement().asString().contains(lost.id(), newHead, "rewritten outside Strata");
        assertThat(git(
                        "--git-dir",
                        dataDir.resolve("config.git").toString(),
                        "log",
                        "-1",
                        "--format=%s",
                        "refs/strata/rewritten/"
                                + store.rewrites().getFirst().detected().getEpochSecond() + "-" + newHead))
                .as("the lost commits stay inspectable with plain git")
                .isEqualTo("Two");
    }

    @Test
    void a_rewrite_while_strata_was_down_is_noticed_at_start_up_and_remembered_across_restarts() throws Exception {
        Revision lost = store.head();
        store.close();

        String newHead = forcePushWithoutTheNewestCommit();
        store = GitConfigStore.open(dataDir);

        assertThat(warnings()).singleElement().asString().contains(lost.id(), newHead);
        List<HistoryRewrite> rewrites = store.rewrites();
        assertThat(rewrites).extracting(HistoryRewrite::lastSeen).containsExactly(lost);
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.rewrites()).isEqualTo(rewrites);
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void a_second_rewrite_is_listed_first() throws Exception {
        awaitHead(forcePushWithoutTheNewestCommit());
        // a record is named by the second it was detected in, so the second rewrite is made in a later second
        long detected = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().getEpochSecond() > detected);
        git("-C", "clone", "reset", "-q", "--hard", "HEAD~1");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Rewritten again");
        git("-C", "clone", "push", "-q", "--force", "origin", "main");
        String newest = git("-C", "clone", "rev-parse", "HEAD");

        awaitHead(newest);

        assertThat(store.rewrites())
                .hasSize(2)
                .first()
                .satisfies(r -> assertThat(r.newHead().id()).isEqualTo(newest));
        assertThat(Set.copyOf(warnings())).hasSize(2);
    }

    @Test
    void a_head_read_before_a_commit_and_reported_after_it_is_no_rewrite() throws Exception {
        Revision older = store.head();
        Revision newer = set("A", "3", "Three");
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("config.git").toFile())
                .build()) {
            HeadWatch watch = new HeadWatch(repository);
            watch.saw(ObjectId.fromString(newer.id()));
            watch.saw(ObjectId.fromString(older.id()));
            watch.close();
        }

        assertThat(store.rewrites()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void two_hundred_concurrent_commits_with_concurrent_readers_record_no_rewrite() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(16);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> reads = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            reads.add(readers.submit(() -> {
                while (writing.get()) {
                    store.snapshot();
                }
                return null;
            }));
        }
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "K" + i;
            String value = String.valueOf(i);
            writes.add(writers.submit(() -> set(key, value, "Concurrent " + value)));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        writing.set(false);
        for (Future<?> read : reads) {
            read.get();
        }
        writers.shutdown();
        readers.shutdown();

        assertThat(store.rewrites()).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(git("--git-dir", dataDir.resolve("config.git").toString(), "for-each-ref", "refs/strata/rewritten/"))
                .isEmpty();
    }

    @Test
    void a_false_alarm_recorded_earlier_is_removed_at_start_up_and_a_real_rewrite_is_kept() throws Exception {
        String gitDir = dataDir.resolve("config.git").toString();
        String onMain = git("--git-dir", gitDir, "rev-parse", "main~1");
        String main = git("--git-dir", gitDir, "rev-parse", "main");
        String falseAlarm = "refs/strata/rewritten/1700000000-" + main;
        git("--git-dir", gitDir, "update-ref", falseAlarm, onMain);
        store.close();
        String newHead = forcePushWithoutTheNewestCommit();

        store = GitConfigStore.open(dataDir);

        assertThat(git("--git-dir", gitDir, "for-each-ref", "--format=%(refname)", falseAlarm))
                .isEmpty();
        assertThat(store.rewrites()).singleElement().satisfies(rewrite -> {
            assertThat(rewrite.lastSeen().id()).isEqualTo(main);
            assertThat(rewrite.newHead().id()).isEqualTo(newHead);
        });
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("Removed " + falseAlarm) && line.contains("a false alarm"));
    }
}
