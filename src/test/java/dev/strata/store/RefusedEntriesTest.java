package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.GitCli;
import dev.strata.HandMadeCommits;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.ReadError;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tree entries pushed with plain Git that Strata must neither read as files nor write back: symbolic
 * links and submodules where its files belong, and names Git refuses (git fsck: hasDot, hasDotdot,
 * hasDotgit). Each is an error of what it concerns only; the rest keeps working.
 */
class RefusedEntriesTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final AppName CHECKOUT = new AppName("checkout");
    static final EnvName DEV = new EnvName("dev");
    static final Author ALICE = new Author("Alice Liddell", "alice@example.com");

    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    private GitConfigStore store;
    private Path gitDir;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
        gitDir = dataDir.resolve("config.git");
        store.createApplication(PAYMENTS, Schema.EMPTY, ALICE, "Create payments");
        store.createApplication(CHECKOUT, Schema.EMPTY, ALICE, "Create checkout");
        set(PAYMENTS, "LOG_LEVEL", "INFO");
        set(CHECKOUT, "LOG_LEVEL", "WARN");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Revision set(AppName app, String key, String value) {
        return store.commit(new ChangeSet(
                        app,
                        DEV,
                        new TreeMap<>(Map.of(new SettingKey(key), value)),
                        new TreeSet<>(),
                        "Set " + key,
                        ALICE,
                        store.head()))
                .revision();
    }

    @Test
    void a_symbolic_link_in_place_of_a_settings_file_is_an_error_of_its_application_and_environment_only()
            throws IOException {
        HandMadeCommits.put(
                gitDir,
                "environments/dev/payments.yaml",
                FileMode.SYMLINK,
                "../../../etc/passwd".getBytes(StandardCharsets.UTF_8));

        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.error(PAYMENTS, DEV))
                .get()
                .extracting(ReadError::message)
                .asString()
                .contains("environments/dev/payments.yaml is a symbolic link");
        assertThat(snapshot.error(CHECKOUT, DEV)).isEmpty();
        assertThat(snapshot.settings(CHECKOUT, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("WARN");
        assertThatThrownBy(() -> set(PAYMENTS, "LOG_LEVEL", "DEBUG"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("repair the file through Git");
        set(CHECKOUT, "LOG_LEVEL", "ERROR");
        assertThat(store.snapshot().error(PAYMENTS, DEV))
                .as("a commit elsewhere leaves the error to be repaired")
                .isPresent();
    }

    @Test
    void a_submodule_in_place_of_a_settings_file_is_an_error_of_its_application_and_environment_only()
            throws IOException {
        HandMadeCommits.put(gitDir, "environments/dev/payments.yaml", FileMode.GITLINK, null);

        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.error(PAYMENTS, DEV))
                .get()
                .extracting(ReadError::message)
                .asString()
                .contains("environments/dev/payments.yaml is a submodule");
        assertThat(snapshot.error(CHECKOUT, DEV)).isEmpty();
        assertThat(snapshot.settings(CHECKOUT, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("WARN");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", ".git", ".GIT", ".Git", ".git ", ".git.", "git~1", ".g\u200cit"})
    void names_git_refuses_are_shown_as_errors_and_left_out_of_the_next_commit(String name) throws IOException {
        HandMadeCommits.put(gitDir, "environments/dev/" + name + "/payments.yaml", "LOG_LEVEL: TRACE\n");
        Revision handMade = new Revision(HandMadeCommits.put(gitDir, name + "/hooks/post-checkout", "#!/bin/sh\n"));
        assertThat(fsckOfTree(handMade)).as("git itself refuses the name").containsIgnoringCase("hasDot");

        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.errors())
                .extracting(ReadError::path)
                .contains("environments/dev/" + name + "/payments.yaml", name + "/hooks/post-checkout");
        assertThat(snapshot.errors())
                .filteredOn(error -> error.path().startsWith("environments/"))
                .extracting(ReadError::env)
                .containsOnly(DEV);
        assertThat(snapshot.error(PAYMENTS, DEV)).isEmpty();
        assertThat(snapshot.settings(PAYMENTS, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("INFO");

        Revision next = set(CHECKOUT, "LOG_LEVEL", "ERROR");

        assertThat(GitCli.in(gitDir, "ls-tree", "-r", "--name-only", next.id()).lines())
                .containsExactlyInAnyOrder(
                        "environments/dev/checkout.yaml",
                        "environments/dev/payments.yaml",
                        "schemas/checkout.yaml",
                        "schemas/payments.yaml",
                        "strata.yaml");
        assertThat(fsckOfTree(next)).isEmpty();
        assertThat(store.snapshot().errors()).isEmpty();
        assertThat(store.snapshot().settings(CHECKOUT, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("ERROR");
    }

    @Test
    void a_name_git_refuses_does_not_stop_writes_when_its_directory_changed_by_hand_too() throws IOException {
        // Without .git, the directory is a tree the repository has never held: Strata writes it first.
        HandMadeCommits.put(gitDir, "environments/dev/.git", "[core]\n\thooksPath = /tmp\n");
        HandMadeCommits.put(gitDir, "environments/dev/checkout.yaml", "LOG_LEVEL: ERROR\n");

        Revision next = set(PAYMENTS, "LOG_LEVEL", "DEBUG");

        assertThat(GitCli.in(gitDir, "ls-tree", "-r", "--name-only", next.id()).lines())
                .containsExactlyInAnyOrder(
                        "environments/dev/checkout.yaml",
                        "environments/dev/payments.yaml",
                        "schemas/checkout.yaml",
                        "schemas/payments.yaml",
                        "strata.yaml");
        assertThat(fsckOfTree(next)).isEmpty();
        assertThat(store.snapshot().settings(PAYMENTS, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("DEBUG");
        assertThat(store.snapshot().settings(CHECKOUT, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("ERROR");
    }

    @Test
    void names_git_refuses_are_left_out_of_a_change_requests_proposal_too() throws IOException {
        HandMadeCommits.put(gitDir, ".git/config", "[core]\n\thooksPath = /tmp\n");
        ChangeRequest request = store.changeRequests()
                .open(
                        new ChangeRequest.About(
                                ChangeRequest.Kind.EDIT, PAYMENTS, null, DEV, "Quieter", "", null, null),
                        new Proposal(
                                store.head(),
                                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "WARN")),
                                new TreeSet<>()),
                        new Actor("alice", ALICE));

        String branch = GitCli.in(gitDir, "rev-parse", "refs/heads/changes/" + request.id())
                .strip();
        assertThat(fsckOfTree(new Revision(branch))).isEmpty();
    }

    /**
     * What {@code git fsck --strict} reports on the objects of {@code revision}'s tree alone: the
     * history still holds the hand-made commit, and fsck checks every object of a repository.
     */
    private String fsckOfTree(Revision revision) throws IOException {
        String tree = GitCli.in(gitDir, "rev-parse", revision.id() + "^{tree}").strip();
        String alone = GitCli.in(
                        gitDir,
                        "-c",
                        "user.name=T",
                        "-c",
                        "user.email=t@example.com",
                        "commit-tree",
                        tree,
                        "-m",
                        "the tree alone")
                .strip();
        GitCli.in(gitDir, "update-ref", "refs/fsck/alone", alone);
        Path fresh = GitCli.initBare(elsewhere.resolve(revision.id() + ".git"));
        GitCli.in(fresh, "fetch", "-q", gitDir.toString(), "refs/fsck/alone:refs/heads/main");
        Process fsck = new ProcessBuilder("git", "--git-dir", fresh.toString(), "fsck", "--strict", "--no-dangling")
                .redirectErrorStream(true)
                .start();
        String output = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return fsck.waitFor() == 0 ? output.strip() : "exit " + fsck.exitValue() + ": " + output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
