package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a fetch takes from under refs/strata/ on the remote, and what it leaves alone. */
class SharedRefsTest {

    @TempDir
    Path temp;

    @Test
    void a_fetch_takes_every_shared_ref_under_refs_strata_but_never_this_repositorys_own_records() throws Exception {
        Path remote = GitCli.initBare(temp.resolve("remote.git"));
        var options = new RemoteOptions(
                "file://" + remote, "main", null, null, null, null, Duration.ofHours(1), Duration.ofSeconds(5));
        try (GitConfigStore store =
                GitConfigStore.open(temp.resolve("data"), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options)) {
            Path local = temp.resolve("data/config.git");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !GitCli.in(local, "for-each-ref", HeadWatch.LAST_SEEN)
                            .isBlank());
            String lastSeen = GitCli.in(local, "rev-parse", HeadWatch.LAST_SEEN).strip();
            Path work = Files.createDirectory(temp.resolve("work"));
            GitCli.run(work, "init", "-q");
            Files.writeString(work.resolve("record"), "someone else's\n");
            GitCli.run(work, "add", "record");
            GitCli.asMallory(work, "commit", "-q", "-m", "a record from elsewhere");
            for (String ref : new String[] {
                "refs/strata/rollouts/payments/production", HeadWatch.LAST_SEEN, HeadWatch.REWRITTEN + "1-abc"
            }) {
                GitCli.run(work, "push", "-q", remote.toString(), "HEAD:" + ref);
            }

            store.remote().orElseThrow().fetchSoon();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !GitCli.in(local, "for-each-ref", "refs/strata/rollouts/")
                            .isBlank());
            assertThat(GitCli.in(local, "rev-parse", HeadWatch.LAST_SEEN).strip())
                    .isEqualTo(lastSeen);
            assertThat(GitCli.in(local, "for-each-ref", HeadWatch.REWRITTEN)).isEmpty();
        }
    }
}
