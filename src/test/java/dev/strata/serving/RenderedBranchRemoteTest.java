package dev.strata.serving;

import static dev.strata.serving.RenderedBranchTest.awaitRendered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.BareRemote;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import dev.strata.config.Replication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rendered branch with a remote (a bare repository over file://, fetched only hourly, so that
 * what arrives came through an explicit fetch): it is pushed there with main, and commits that
 * others push to the remote's main are rendered once fetched.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"strata.demo=true", "strata.render.branch=rendered"})
@FreshDataDirectory
@DirtiesContext
class RenderedBranchRemoteTest {

    private static BareRemote remote;

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    Replication replication;

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) throws IOException {
        remote = BareRemote.create();
        remote.register(registry, "strata.remote.fetch-interval", "1h");
    }

    @AfterAll
    static void removeRemote() {
        // the command-line push may have started git's automatic gc in the background on the remote
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(remote::delete);
    }

    private Path local() {
        return dataDir.resolve("config.git");
    }

    /** A commit pushed to the remote's main by someone with plain git; answers its id. */
    private String pushFromTheCommandLine(String url) throws IOException {
        Path work = Files.createTempDirectory(remote.root(), "work");
        GitCli.run(work, "clone", "-q", remote.repository().toString(), ".");
        Path file = work.resolve("environments/dev/search.yaml");
        Files.writeString(file, Files.readString(file).replaceAll("(?m)^INDEX_URL: .*$", "INDEX_URL: " + url));
        GitCli.asMallory(work, "commit", "-q", "-am", "Index at " + url + " from the command line");
        GitCli.asMallory(work, "push", "-q", "origin", "main");
        return GitCli.run(work, "rev-parse", "HEAD").strip();
    }

    @Test
    void the_rendered_branch_is_pushed_to_the_remote_with_main() {
        awaitRendered(local());

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> GitCli.in(remote.repository(), "rev-parse", "rendered")
                        .equals(GitCli.in(local(), "rev-parse", "rendered")));
        assertThat(GitCli.in(remote.repository(), "log", "-1", "--format=%s", "rendered")
                        .strip())
                .isEqualTo("Render main@" + remote.head());
    }

    @Test
    void a_commit_fetched_from_the_remote_is_rendered_and_its_rendering_pushed_back() throws IOException {
        awaitRendered(local());
        String pushed = pushFromTheCommandLine("http://search.from-git.internal:9200");

        replication.fetchSoon();

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> GitCli.in(remote.repository(), "log", "-1", "--format=%s", "rendered")
                        .strip()
                        .equals("Render main@" + pushed));
        assertThat(GitCli.in(remote.repository(), "show", "rendered:dev/search.yaml"))
                .contains("INDEX_URL: http://search.from-git.internal:9200", "strata.dev/revision: " + pushed);
        String rendered = GitCli.in(remote.repository(), "rev-parse", "rendered");
        assertThat(GitCli.in(local(), "rev-parse", "rendered")).isEqualTo(rendered);
        // one rendered commit for the one fetched: nothing follows it
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        GitCli.in(remote.repository(), "rev-parse", "rendered").equals(rendered));
        assertThat(GitCli.in(remote.repository(), "rev-list", "--count", "rendered~1..rendered")
                        .strip())
                .isEqualTo("1");
    }
}
