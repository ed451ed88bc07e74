package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.GitCli;
import dev.strata.HandMadeCommits;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata reads files of at most 4 MiB: it writes none larger, and a larger one made with plain Git
 * is undone by a revert that gives back the file as it was, without reading it.
 */
class ReadLimitTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final EnvName DEV = new EnvName("dev");
    static final AppEnv PAYMENTS_DEV = new AppEnv(PAYMENTS, DEV);
    static final Author ALICE = new Author("Alice Liddell", "alice@example.com");
    static final String PATH = "environments/dev/payments.yaml";

    @TempDir
    Path dataDir;

    private GitConfigStore store;
    private Path gitDir;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
        gitDir = dataDir.resolve("config.git");
        store.createApplication(PAYMENTS, Schema.EMPTY, ALICE, "Create payments");
        store.commit(new ChangeSet(
                PAYMENTS,
                DEV,
                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "INFO")),
                new TreeSet<>(),
                "Log info",
                ALICE,
                store.head()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** 70 values of 65,000 characters: each within the value limit, 4.5 MB together. */
    private static TreeMap<SettingKey, String> seventyLongValues() {
        TreeMap<SettingKey, String> set = new TreeMap<>();
        for (int i = 0; i < 70; i++) {
            set.put(new SettingKey("BLOB_" + i), "x".repeat(65_000));
        }
        return set;
    }

    @Test
    void a_commit_that_would_make_a_file_larger_than_strata_reads_is_refused_naming_the_limit() {
        Revision before = store.head();

        assertThatThrownBy(() -> store.commit(
                        new ChangeSet(PAYMENTS, DEV, seventyLongValues(), new TreeSet<>(), "Too much", ALICE, before)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(PATH + ": would be 4550")
                .hasMessageContaining("limit of 4194304 bytes (4 MiB)");
        assertThat(store.head()).isEqualTo(before);
        assertThat(store.snapshot().error(PAYMENTS, DEV)).isEmpty();
    }

    @Test
    void replacing_whole_files_is_held_to_the_same_limit() {
        Revision before = store.head();

        assertThatThrownBy(() -> store.replace(
                        Map.of(), Map.of(PAYMENTS_DEV, new Settings(seventyLongValues())), ALICE, "Re-encrypt", before))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("limit of 4194304 bytes");
        assertThat(store.head()).isEqualTo(before);
    }

    @Test
    void a_commit_that_left_a_file_too_large_to_read_is_reverted_by_giving_back_the_file_it_replaced()
            throws IOException {
        String before = GitCli.in(gitDir, "show", store.head().id() + ":" + PATH);
        Revision tooLarge = new Revision(HandMadeCommits.put(gitDir, PATH, "BLOB: " + "x".repeat(4_500_000) + "\n"));
        assertThat(store.snapshot().error(PAYMENTS, DEV)).get().asString().contains("at most 4194304 are read");

        Revision restored = store.restoreSettingsFile(PAYMENTS_DEV, tooLarge, ALICE, "Revert the large file");

        assertThat(GitCli.in(gitDir, "show", restored.id() + ":" + PATH)).isEqualTo(before);
        assertThat(store.snapshot().error(PAYMENTS, DEV)).isEmpty();
        assertThat(store.snapshot().settings(PAYMENTS, DEV).get(new SettingKey("LOG_LEVEL")))
                .contains("INFO");
        assertThat(GitCli.in(gitDir, "log", "-1", "--format=%an|%s", restored.id())
                        .strip())
                .isEqualTo("Alice Liddell|Revert the large file");
    }

    @Test
    void giving_back_a_file_that_changed_again_since_is_a_conflict() throws IOException {
        Revision tooLarge = new Revision(HandMadeCommits.put(gitDir, PATH, "BLOB: " + "x".repeat(4_500_000) + "\n"));
        HandMadeCommits.put(gitDir, PATH, "LOG_LEVEL: WARN\n");

        assertThatThrownBy(() -> store.restoreSettingsFile(PAYMENTS_DEV, tooLarge, ALICE, "Revert"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(PATH + " changed again since commit " + tooLarge.abbreviated());
    }

    @Test
    void giving_back_a_file_a_commit_did_not_change_is_refused() {
        store.createApplication(new AppName("checkout"), Schema.EMPTY, ALICE, "Create checkout");

        assertThatThrownBy(() -> store.restoreSettingsFile(PAYMENTS_DEV, store.head(), ALICE, "Revert"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("did not change " + PATH);
    }
}
