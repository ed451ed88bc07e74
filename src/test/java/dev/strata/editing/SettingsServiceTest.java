package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DemoCopies;
import dev.strata.HandMadeCommits;
import dev.strata.ViewTest;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.formats.FileFormat;
import dev.strata.secrets.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

@ViewTest
class SettingsServiceTest {

    static final EnvName DEV = new EnvName("dev");
    static final Author CAROL = new Author("Carol Danvers", "carol@example.com");
    static final Author ADMIN = new Author("Administrator", "admin@example.com");

    @Autowired
    SettingsService settings;

    @Autowired
    SettingsTransfer transfer;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Value("${strata.data-dir}")
    Path dataDir;

    /** This test's copy of the demo's payments. */
    String payments;

    @BeforeEach
    void copyOfPayments() {
        payments = new DemoCopies(store, secrets).copy("payments").value();
    }

    /** A new application named {@code prefix} and a number, so that no class sharing this Strata has it. */
    private String create(String prefix, Map<String, KeySpec> keys) {
        var specs = new TreeMap<SettingKey, KeySpec>();
        keys.forEach((key, spec) -> specs.put(new SettingKey(key), spec));
        return new DemoCopies(store, secrets)
                .create(prefix, new Schema("", List.of(), specs))
                .value();
    }

    private void set(String app, String env, Map<String, String> values) {
        var set = new TreeMap<SettingKey, String>();
        values.forEach((key, value) -> set.put(new SettingKey(key), value));
        store.commit(
                new ChangeSet(new AppName(app), new EnvName(env), set, new TreeSet<>(), "Set", CAROL, store.head()));
    }

    @Test
    @WithUserDetails("alice")
    void the_table_flags_missing_required_values_type_errors_and_differences_but_not_of_env_specific_keys() {
        var apiUrlSpec = new KeySpec(KeyType.URL, null, true, false, true, "Where the API is", List.of());
        String ledger = create("ledger", Map.of("API_URL", apiUrlSpec, "BATCH", KeySpec.of(KeyType.STRING)));
        set(ledger, "dev", Map.of("API_URL", "https://dev", "BATCH", "ten"));
        set(ledger, "staging", Map.of("API_URL", "https://staging", "BATCH", "10"));
        // The schema tightens after the fact, as an admin may do: "ten" no longer fits
        var tightened = new TreeMap<SettingKey, KeySpec>(
                Map.of(new SettingKey("API_URL"), apiUrlSpec, new SettingKey("BATCH"), KeySpec.of(KeyType.INT)));
        store.saveSchema(
                new AppName(ledger), new Schema("", List.of(), tightened), ADMIN, "BATCH is a number", store.head());

        var table = settings.table(new AppName(ledger));

        var apiUrl = table.row(new SettingKey("API_URL")).orElseThrow();
        assertThat(apiUrl.cell(new EnvName("staging")).differsFromPrevious()).isFalse();
        assertThat(apiUrl.cell(new EnvName("production")).problem())
                .isEqualTo("required, but has no value and no default");
        var batch = table.row(new SettingKey("BATCH")).orElseThrow();
        assertThat(batch.cell(DEV).problem()).isEqualTo("expected a whole number (int), got 'ten'");
        assertThat(batch.cell(new EnvName("staging")).differsFromPrevious()).isTrue();
        assertThat(table.rows()).allMatch(SettingsTable.Row::hasProblem);
    }

    @Test
    @WithUserDetails("alice")
    void keys_set_anywhere_are_rows_even_without_a_schema_entry() {
        String search = new DemoCopies(store, secrets).copy("search").value();
        set(search, "production", Map.of("EXTRA_FLAG", "on"));

        var row = settings.table(new AppName(search))
                .row(new SettingKey("EXTRA_FLAG"))
                .orElseThrow();

        assertThat(row.declared()).isFalse();
        assertThat(row.cell(new EnvName("production")).value()).isEqualTo("on");
        assertThat(row.cell(DEV).isSet()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void an_editor_of_dev_edits_dev_proposes_to_staging_and_reads_why_not_production() {
        var table = settings.table(new AppName(payments));

        assertThat(table.columns())
                .extracting(SettingsTable.Column::editable)
                .as("staging by change request")
                .containsExactly(true, true, false);
        assertThat(table.columns().get(1).readOnlyReason()).isNull();
        assertThat(table.columns().get(2).readOnlyReason())
                .isEqualTo(
                        "You may read production but not change it: that needs the role editor:production or editor:production@team-payments.");
        assertThat(table.columns().get(1).mayReveal()).isTrue();
        assertThat(table.columns().get(2).mayReveal()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void secrets_are_masked_in_the_table_and_revealed_to_editors_only() {
        set(payments, "dev", Map.of("DATABASE_PASSWORD", "hunter2"));

        var cell = settings.table(new AppName(payments))
                .row(new SettingKey("DATABASE_PASSWORD"))
                .orElseThrow()
                .cell(DEV);

        assertThat(cell.value()).isEqualTo(Secrecy.MASK);
        assertThat(settings.reveal(new AppName(payments), DEV, new SettingKey("DATABASE_PASSWORD")))
                .isEqualTo("hunter2");
        assertThat(settings.table(new AppName(payments))
                        .row(new SettingKey("DATABASE_PASSWORD"))
                        .orElseThrow()
                        .matches("hunter"))
                .isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_cannot_reveal_secrets() {
        assertThatThrownBy(() -> settings.reveal(new AppName(payments), DEV, new SettingKey("DATABASE_PASSWORD")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Revealing secrets of dev needs the role editor:dev or editor:dev@team-payments.");
    }

    @Test
    @WithUserDetails("carol")
    void an_export_holds_the_environments_file_with_secrets_for_editors() {
        set(payments, "staging", Map.of("DATABASE_PASSWORD", "staging-pw"));
        var export = transfer.export(new AppName(payments), new EnvName("staging"), FileFormat.ENV);

        assertThat(export.fileName()).isEqualTo(payments + "-staging.env");
        assertThat(export.content()).contains("LOG_LEVEL=INFO\n", "DATABASE_PASSWORD=staging-pw\n");
        assertThat(export.omittedSecrets()).isZero();
    }

    @Test
    @WithUserDetails("bob")
    void an_export_leaves_out_secrets_the_person_may_not_reveal() {
        set(payments, "staging", Map.of("DATABASE_PASSWORD", "staging-pw"));
        var export = transfer.export(new AppName(payments), new EnvName("staging"), FileFormat.JSON);

        assertThat(export.content())
                .doesNotContain("DATABASE_PASSWORD", "staging-pw")
                .contains("\"LOG_LEVEL\":\"INFO\"");
        assertThat(export.omittedSecrets()).isEqualTo(1);
    }

    @Test
    @WithUserDetails("alice")
    void an_import_into_a_protected_environment_is_refused_even_for_its_editor() {
        assertThatThrownBy(() -> transfer.previewImport(
                        new AppName(payments), new EnvName("staging"), FileFormat.ENV, "LOG_LEVEL=WARN", false))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("staging is protected: changes reach it only through change requests.");
    }

    @Test
    @WithUserDetails("alice")
    void an_import_of_a_sealed_looking_value_into_a_key_that_is_not_secret_cannot_be_imported() {
        var preview = transfer.previewImport(new AppName(payments), DEV, FileFormat.YAML, """
                NOTES: "ENC[v1:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]"
                """, false);

        assertThat(preview.problems())
                .extracting(p -> p.subject() + ": " + p.message())
                .singleElement()
                .asString()
                .startsWith("NOTES: looks like a sealed secret");
        assertThat(preview.importable()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void the_table_marks_each_value_that_cannot_be_read_on_its_key_and_shows_the_others() throws IOException {
        String vault = create(
                "vault",
                Map.of(
                        "TOKEN",
                        new KeySpec(KeyType.STRING, null, false, true, false, null, List.of()),
                        "NOTES",
                        KeySpec.of(KeyType.STRING)));
        HandMadeCommits.put(dataDir.resolve("config.git"), "environments/dev/" + vault + ".yaml", """
                LEVEL: info
                NOTES: "ENC[v1:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]"
                TOKEN: "ENC[v1:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]"
                """);

        var table = settings.table(new AppName(vault));

        assertThat(table.columns().getFirst().error()).isNull();
        assertThat(table.row(new SettingKey("NOTES")).orElseThrow().cell(DEV).problem())
                .contains("looks like a sealed secret");
        assertThat(table.row(new SettingKey("TOKEN")).orElseThrow().cell(DEV).problem())
                .contains("TOKEN of " + vault + " in dev");
        var level = table.row(new SettingKey("LEVEL")).orElseThrow().cell(DEV);
        assertThat(level.value()).isEqualTo("info");
        assertThat(level.problem()).isNull();
    }

    @Test
    @WithUserDetails("carol")
    void an_import_preview_lists_added_changed_and_optionally_removed_keys_with_secrets_masked() {
        var preview = transfer.previewImport(new AppName(payments), DEV, FileFormat.YAML, """
                LOG_LEVEL: ERROR
                DATABASE_PASSWORD: s3cr3t-import
                """, true);

        var lines = preview.changes().stream()
                .map(c -> c.key() + " " + c.kind() + " " + c.now() + " " + c.imported())
                .toList();
        assertThat(lines)
                .contains("LOG_LEVEL CHANGED DEBUG ERROR")
                .anyMatch(line -> line.startsWith("DATABASE_PASSWORD ") && line.endsWith(" " + Secrecy.MASK))
                .anyMatch(line -> line.startsWith("DATABASE_URL REMOVED"))
                .noneMatch(line -> line.contains("s3cr3t"));
        assertThat(preview.problems()).extracting(p -> p.subject()).containsExactly("DATABASE_URL");
        assertThat(preview.importable()).isFalse();
    }

    @Test
    @WithUserDetails("carol")
    void an_env_import_sets_the_keys_its_variables_stand_for() {
        var preview = transfer.previewImport(new AppName(payments), DEV, FileFormat.ENV, """
                SERVER_PORT=9090
                LOG_LEVEL=WARN
                NEW_ONE=x
                """, false);

        assertThat(preview.errors()).isEmpty();
        assertThat(preview.set())
                .containsOnlyKeys(
                        new SettingKey("server.port"), new SettingKey("LOG_LEVEL"), new SettingKey("NEW_ONE"));
    }

    @Test
    @WithUserDetails("carol")
    void a_properties_import_with_an_escaped_nul_names_its_line_instead_of_failing() {
        var preview = transfer.previewImport(
                new AppName(payments), DEV, FileFormat.PROPERTIES, "LOG_LEVEL=WARN\nN=\\u0000\n", false);

        assertThat(preview.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "line 2, column 1: N: value contains a NUL character at position 1; NUL is not allowed");
        assertThat(preview.importable()).isFalse();
    }

    @Test
    @WithUserDetails("carol")
    void a_yaml_import_reads_null_as_no_value_as_the_store_does() {
        var preview = transfer.previewImport(
                new AppName(payments), DEV, FileFormat.YAML, "LOG_LEVEL: WARN\nNOTHING: null\n", false);

        assertThat(preview.errors()).isEmpty();
        assertThat(preview.set()).containsOnlyKeys(new SettingKey("LOG_LEVEL"));
    }

    @Test
    @WithUserDetails("alice")
    void keys_that_become_one_environment_variable_are_a_problem_on_the_application_page() {
        set(payments, "dev", Map.of("DB_URL", "jdbc:postgresql://a/x", "db.url", "jdbc:postgresql://b/x"));

        var table = settings.table(new AppName(payments));

        for (String key : List.of("DB_URL", "db.url")) {
            var cell = table.row(new SettingKey(key)).orElseThrow().cells().getFirst();
            assertThat(cell.problem()).as(key).contains("DB_URL and db.url all become the environment variable DB_URL");
        }
    }

    @Test
    @WithUserDetails("alice")
    void an_application_with_2000_keys_shows_every_key() {
        String huge = create("huge", Map.of());
        var values = new TreeMap<String, String>();
        for (int i = 0; i < 2000; i++) {
            values.put("KEY_%04d".formatted(i), "value-" + i);
        }
        set(huge, "dev", values);
        set(huge, "staging", values);
        settings.table(new AppName(huge));

        var table = settings.table(new AppName(huge));

        assertThat(table.rows()).hasSize(2000);
    }
}
