package dev.strata.serving;

import static dev.strata.serving.RenderedBranchTest.awaitRendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.GitCli;
import dev.strata.HandMadeCommits;
import dev.strata.StrataApplication;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The rendered branch across restarts of Strata on one data directory: what is missing is rendered at start-up, once. */
class RenderedBranchRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + dataDir, "server.port=0")
                .properties(properties)
                .run();
    }

    private String rendered(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args).strip();
    }

    @Test
    void a_start_renders_the_commits_of_main_made_while_strata_was_down_or_rendering_was_off() throws IOException {
        Path repository = dataDir.resolve("config.git");
        start("strata.demo=true").close();
        assertThat(rendered("branch", "--list", "rendered")).isEmpty();

        try (var on = start("strata.render.branch=rendered")) {
            awaitRendered(repository);
            // the branch starts at main's head: the history before it is not rendered
            assertThat(rendered("rev-list", "--count", "rendered")).isEqualTo("1");
        }
        String byHand = HandMadeCommits.put(
                repository,
                "environments/dev/search.yaml",
                "INDEX_URL: http://by-hand.internal:9200\nRESULTS_PER_PAGE: 50\n");

        try (var again = start("strata.render.branch=rendered")) {
            assertThat(awaitRendered(repository)).isEqualTo(byHand);
            assertThat(rendered("rev-list", "--count", "rendered")).isEqualTo("2");
            assertThat(rendered("show", "rendered:dev/search.yaml"))
                    .contains("INDEX_URL: http://by-hand.internal:9200");
        }
        // A start queues one rendering run, and closing lets a queued run finish (RenderedBranchWriter.destroy):
        // whatever this start rendered is on the branch once it is closed, with no second of waiting to see that
        // nothing more comes
        start("strata.render.branch=rendered").close();
        assertThat(rendered("rev-list", "--count", "rendered"))
                .as("nothing rendered again")
                .isEqualTo("2");
    }
}
