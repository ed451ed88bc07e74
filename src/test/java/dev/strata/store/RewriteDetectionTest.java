package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
        return store.commit(new ChangeSet(PAYMENTS, DEV, values, new TreeSet<>(), message, ALICE, store.head())).revision();
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
    private void awaitHead(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!store.head().id().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.head().id()).isEqualTo(expected);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
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
        assertThat(git("--git-dir", dataDir.resolve("config.git").toString(), "log", "-1", "--format=%s",
                "refs/strata/rewritten/" + store.rewrites().getFirst().detected().getEpochSecond() + "-" + newHead))
                .as("the lost commits stay inspectable with plain git").isEqualTo("Two");
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
        Thread.sleep(1100);
        git("-C", "clone", "reset", "-q", "--hard", "HEAD~1");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Rewritten again");
        git("-C", "clone", "push", "-q", "--force", "origin", "main");
        String newest = git("-C", "clone", "rev-parse", "HEAD");

        awaitHead(newest);

        assertThat(store.rewrites()).hasSize(2).first().satisfies(r -> assertThat(r.newHead().id()).isEqualTo(newest));
        assertThat(Set.copyOf(warnings())).hasSize(2);
    }
}
