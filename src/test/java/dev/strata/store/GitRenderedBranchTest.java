package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.GitCli;
import dev.strata.HandMadeCommits;
import dev.strata.config.RenderedBranch;
import dev.strata.config.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered branch's Git side, without a remote: where it stands, and what a commit to it holds. */
class GitRenderedBranchTest {

    @TempDir
    Path dataDir;

    private GitConfigStore store;
    private RenderedBranch branch;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
        branch = store.renderedBranch("rendered");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path git() {
        return dataDir.resolve("config.git");
    }

    private Revision commitOnMain(String value) throws IOException {
        return new Revision(HandMadeCommits.put(git(), "environments/dev/payments.yaml", "A: " + value + "\n"));
    }

    @Test
    void a_new_branch_renders_mains_head_only_and_nothing_once_that_is_committed() throws IOException {
        commitOnMain("1");
        Revision head = commitOnMain("2");

        assertThat(branch.pending()).containsExactly(head);
        assertThat(branch.files()).isEmpty();
        assertThat(branch.commit(head, Map.of("dev/payments.yaml", "kind: ConfigMap\n")))
                .isTrue();

        assertThat(branch.pending()).isEmpty();
        assertThat(GitCli.in(git(), "log", "--format=%an|%s", "rendered").strip())
                .isEqualTo("Strata|Render main@" + head.id());
        assertThat(GitCli.in(git(), "show", "rendered:dev/payments.yaml")).isEqualTo("kind: ConfigMap\n");
    }

    @Test
    void the_commits_of_main_after_the_last_rendering_are_pending_oldest_first() throws IOException {
        Revision rendered = commitOnMain("1");
        branch.commit(rendered, Map.of("dev/payments.yaml", "one\n"));
        Revision second = commitOnMain("2");
        Revision third = commitOnMain("3");

        assertThat(branch.pending()).containsExactly(second, third);
    }

    @Test
    void each_commit_holds_the_whole_rendering_so_files_no_longer_rendered_are_gone() throws IOException {
        Revision first = commitOnMain("1");
        branch.commit(first, Map.of("dev/payments.yaml", "one\n", "dev/checkout.yaml", "two\n"));
        Revision second = commitOnMain("2");

        branch.commit(second, Map.of("dev/payments.yaml", "one\n"));

        assertThat(branch.files()).isEqualTo(Map.of("dev/payments.yaml", "one\n"));
        assertThat(GitCli.in(git(), "ls-tree", "-r", "--name-only", "rendered").strip())
                .isEqualTo("dev/payments.yaml");
        assertThat(GitCli.in(git(), "rev-list", "--count", "rendered").strip()).isEqualTo("2");
    }

    @Test
    void a_source_rendered_already_or_older_than_the_last_rendering_is_not_committed_again() throws IOException {
        Revision older = commitOnMain("1");
        Revision newer = commitOnMain("2");
        branch.commit(newer, Map.of("f", "x\n"));

        assertThat(branch.commit(newer, Map.of("f", "y\n"))).isFalse();
        assertThat(branch.commit(older, Map.of("f", "z\n"))).isFalse();
        assertThat(GitCli.in(git(), "rev-list", "--count", "rendered").strip()).isEqualTo("1");
    }

    @Test
    void a_commit_on_the_branch_that_strata_did_not_write_is_kept_and_mains_head_rendered_on_top() throws IOException {
        Revision head = commitOnMain("1");
        branch.commit(head, Map.of("f", "x\n"));
        Path work = Files.createDirectory(dataDir.resolve("work"));
        GitCli.run(work, "clone", "-q", "--branch", "rendered", git().toString(), ".");
        Files.writeString(work.resolve("f"), "by hand\n");
        GitCli.asMallory(work, "commit", "-q", "-am", "Render main@" + "0".repeat(40) + " (not really)");
        GitCli.asMallory(work, "push", "-q", "origin", "rendered");

        assertThat(branch.pending()).containsExactly(head);
        assertThat(branch.commit(head, Map.of("f", "x\n"))).isTrue();

        assertThat(GitCli.in(git(), "log", "--format=%an", "rendered").lines().toList())
                .isEqualTo(List.of("Strata", "Mallory", "Strata"));
        assertThat(GitCli.in(git(), "show", "rendered:f")).isEqualTo("x\n");
    }
}
