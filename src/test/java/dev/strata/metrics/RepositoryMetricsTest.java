package dev.strata.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.GitCli;
import dev.strata.config.Replication;
import dev.strata.store.GitConfigStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The commits counted for {@code /actuator/prometheus} when main moves by more than one commit at once. */
class RepositoryMetricsTest {

    @TempDir
    Path dataDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private GitConfigStore store;
    private RepositoryMetrics metrics;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
        metrics = new RepositoryMetrics(
                store,
                store,
                store.changeRequests(),
                meters,
                new StaticListableBeanFactory().getBeanProvider(Replication.class));
    }

    @AfterEach
    void close() {
        metrics.destroy();
        store.close();
    }

    @Test
    void a_push_of_many_commits_counts_each_of_them_once() {
        Path git = dataDir.resolve("config.git");
        String head = GitCli.in(git, "rev-parse", "main").strip();
        String tree = GitCli.in(git, "rev-parse", "main^{tree}").strip();
        // more than the first four pages the counting reads (each twice the one before), none changing settings
        int fourPages = RepositoryMetrics.FIRST_PAGE * (1 + 2 + 4 + 8);
        int pushed = fourPages + 15;
        for (int i = 0; i < pushed; i++) {
            head = GitCli.in(
                            git,
                            "-c",
                            "user.name=Bob Builder",
                            "-c",
                            "user.email=bob@example.com",
                            "commit-tree",
                            tree,
                            "-p",
                            head,
                            "-m",
                            "Pushed " + i)
                    .strip();
        }
        GitCli.in(git, "update-ref", "refs/heads/main", head);

        assertThat(store.head().id())
                .as("the store reads main where the push left it")
                .isEqualTo(head);
        await().untilAsserted(() -> assertThat(
                        meters.find("strata.commits").tags("app", "", "env", "").counter())
                .extracting(Counter::count)
                .isEqualTo((double) pushed));
    }
}
