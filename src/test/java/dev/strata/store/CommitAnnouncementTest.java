package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static dev.strata.store.GitConfigStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.GitCli;
import dev.strata.config.Revision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits are announced (for webhooks) by the instance that made them, never by another instance
 * that fetches them from the shared remote: each is announced once.
 */
class CommitAnnouncementTest {

    @TempDir
    Path temp;

    private GitConfigStore open(String name, Path remote) {
        return GitConfigStore.open(
                temp.resolve(name),
                GitConfigStore.DEFAULT_STALE_LOCK_AGE,
                new RemoteOptions(
                        "file://" + remote,
                        "main",
                        null,
                        null,
                        null,
                        null,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(5)));
    }

    @Test
    void a_commit_is_announced_by_the_instance_that_made_it_and_not_by_one_that_fetches_it() {
        Path remote = temp.resolve("remote.git");
        GitCli.initBare(remote);
        try (GitConfigStore first = open("one", remote);
                GitConfigStore second = open("two", remote)) {
            List<Revision> byFirst = new CopyOnWriteArrayList<>();
            List<Revision> bySecond = new CopyOnWriteArrayList<>();
            first.whenCommitted(byFirst::add);
            second.whenCommitted(bySecond::add);

            Revision created = first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            Revision edited = first.commit(set(first.head(), ALICE, "port", "server.port", "9090"))
                    .revision();

            await().until(() -> second.head().equals(edited));
            assertThat(byFirst).containsExactly(created, edited);
            assertThat(bySecond).as("fetched, not made here").isEmpty();
        }
    }
}
