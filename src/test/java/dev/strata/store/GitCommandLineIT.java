package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.BOB;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static dev.strata.store.GitConfigStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.Author;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain Git and Strata share the repository: what one writes, the other reads. */
class GitCommandLineIT {

    private static final EnvName STAGING = new EnvName("staging");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Carol Clone",
                "-c",
                "user.email=carol@example.com",
                "-c",
                "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("git %s failed: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    @Test
    void commits_pushed_with_the_git_command_line_are_read_including_a_malformed_file() throws Exception {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Revision base = store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            store.commit(set(base, BOB, "Set the port", "server.port", "9090", "LOG_LEVEL", "WARN"));

            Path clone = work.resolve("clone");
            assertThat(git(work, "clone", dataDir.resolve("config.git").toString(), "clone"))
                    .as("git finds nothing deprecated in the repository's configuration")
                    .doesNotContain("warning");
            assertThat(Files.readString(clone.resolve("environments/dev/payments.yaml")))
                    .isEqualTo("LOG_LEVEL: WARN\nserver.port: 9090\n");

            Files.writeString(clone.resolve("environments/dev/payments.yaml"), """
                    LOG_LEVEL: DEBUG   # hand-edited
                    server:
                      port: 9191
                    """);
            Files.createDirectories(clone.resolve("environments/staging"));
            Files.writeString(clone.resolve("environments/staging/payments.yaml"), "server.port: [9090\n");
            git(clone, "add", "-A");
            git(clone, "commit", "-q", "--author=Dave Hand <dave@example.com>", "-m", "Tune dev by hand");
            git(clone, "push", "-q", "origin", "main");
            String pushed = git(clone, "rev-parse", "HEAD").trim();

            assertThat(store.head().id()).isEqualTo(pushed);
            ConfigSnapshot snapshot = store.snapshot();
            assertThat(snapshot.settings(PAYMENTS, DEV).values())
                    .containsEntry(new SettingKey("LOG_LEVEL"), "DEBUG")
                    .containsEntry(new SettingKey("server.port"), "9191")
                    .hasSize(2);
            assertThat(snapshot.error(PAYMENTS, STAGING))
                    .get()
                    .extracting(e -> e.message())
                    .asString()
                    .startsWith("environments/staging/payments.yaml is not valid YAML");
            assertThat(snapshot.error(PAYMENTS, DEV)).isEmpty();
            assertThat(snapshot.errors()).hasSize(1);

            HistoryEntry entry = store.history(HistoryQuery.latest(1)).entries().getFirst();
            assertThat(entry.author()).isEqualTo(new Author("Dave Hand", "dave@example.com"));
            assertThat(entry.message()).isEqualTo("Tune dev by hand\n");
            assertThat(entry.changes())
                    .extracting(c -> c.change())
                    .containsExactly(
                            new KeyChange(new SettingKey("LOG_LEVEL"), KeyChange.Kind.CHANGED, "WARN", "DEBUG"),
                            new KeyChange(new SettingKey("server.port"), KeyChange.Kind.CHANGED, "9090", "9191"));
            assertThat(entry.otherPaths()).containsExactly("environments/staging/payments.yaml");

            store.commit(set(store.head(), ALICE, "Back to canonical", "FEATURE", "on"));
            git(clone, "pull", "-q", "--ff-only");
            assertThat(Files.readString(clone.resolve("environments/dev/payments.yaml")))
                    .isEqualTo("FEATURE: \"on\"\nLOG_LEVEL: DEBUG\nserver.port: 9191\n");
            assertThat(git(clone, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s"))
                    .isEqualTo("Alice Liddell <alice@example.com>|Strata <strata@localhost>|Back to canonical\n");
            assertThat(git(dataDir.resolve("config.git"), "fsck", "--full", "--strict"))
                    .doesNotContain("warning");
        }
    }
}
