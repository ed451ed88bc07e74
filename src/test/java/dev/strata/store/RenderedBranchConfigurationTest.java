package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.DataDirectory;
import dev.strata.GitCli;
import dev.strata.RenderedBranchProperties;
import dev.strata.StartupProblem;
import dev.strata.StrataProperties;
import dev.strata.config.RenderedBranch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RenderedBranchConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner strata(String renderBranch, String remoteBranch) {
        Path remote = GitCli.initBare(dir.resolve("remote.git"));
        var settings = new StrataProperties.Remote(
                "file://" + remote,
                remoteBranch,
                null,
                null,
                null,
                null,
                Duration.ofMinutes(1),
                Duration.ofSeconds(5),
                null);
        return new ApplicationContextRunner()
                .withBean(DataDirectory.class, () -> new DataDirectory(dir.resolve("data")))
                .withBean(StrataProperties.class, () -> new StrataProperties(dir.resolve("data"), false, settings))
                .withBean(
                        RenderedBranchProperties.class,
                        () -> new RenderedBranchProperties(renderBranch, "http://strata:8080"))
                .withPropertyValues("strata.remote.url=file://" + remote, "strata.render.branch=" + renderBranch)
                .withUserConfiguration(StoreConfiguration.class, RenderedBranchConfiguration.class);
    }

    @Test
    void a_render_branch_of_its_own_is_offered_as_the_port() {
        strata("rendered", "config").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RenderedBranch.class).name()).isEqualTo("rendered");
        });
    }

    @Test
    void the_remote_branch_as_render_branch_is_refused_before_anything_is_pushed() {
        strata("config", "config").run(context -> {
            assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining("STRATA_RENDER_BRANCH and STRATA_REMOTE_BRANCH are both \"config\"");
            assertThat(GitCli.in(dir.resolve("remote.git"), "for-each-ref").strip())
                    .isEmpty();
        });
    }

    @Test
    void main_a_change_request_branch_and_invalid_names_are_refused_as_render_branch() {
        for (String name :
                new String[] {"main", "changes/7", "../outside", "a..b", "with space", "refs/heads/x.lock"}) {
            strata(name, "config")
                    .run(context -> assertThat(context)
                            .getFailure()
                            .rootCause()
                            .isInstanceOf(StartupProblem.class)
                            .hasMessageContaining("STRATA_RENDER_BRANCH"));
        }
    }
}
