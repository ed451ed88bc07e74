package dev.strata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaTest {

    private static final SettingKey PORT = new SettingKey("server.port");
    private static final SettingKey URL = new SettingKey("DATABASE_URL");
    private static final SettingKey PASSWORD = new SettingKey("DATABASE_PASSWORD");
    private static final SettingKey LEVEL = new SettingKey("LOG_LEVEL");

    private static final Schema PAYMENTS = new Schema(
            "Payment service",
            List.of("team-payments"),
            new TreeMap<>(Map.of(
                    PORT, new KeySpec(KeyType.INT, "8080", false, false, false, "HTTP port", List.of()),
                    URL, new KeySpec(KeyType.URL, null, true, false, true, null, List.of()),
                    PASSWORD, new KeySpec(KeyType.INT, null, true, true, true, null, List.of()),
                    LEVEL,
                            new KeySpec(
                                    KeyType.ENUM,
                                    "INFO",
                                    false,
                                    false,
                                    false,
                                    null,
                                    List.of("DEBUG", "INFO", "WARN", "ERROR")))));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "int      | 8080                       | true",
                "int      | -1                         | true",
                "int      | 8080.5                     | false",
                "int      | 99999999999999999999       | false",
                "number   | 0.25                       | true",
                "number   | 1e3                        | true",
                "number   | one                        | false",
                "bool     | true                       | true",
                "bool     | yes                        | false",
                "url      | https://example.com/x      | true",
                "url      | jdbc:postgresql://db:5432/p | true",
                "url      | not a url                  | false",
                "duration | 30s                        | true",
                "duration | 500ms                      | true",
                "duration | PT1M                       | true",
                "duration | soon                       | false",
                "json     | '{\"a\": [1, 2.5, true, null, \"x\"]}' | true",
                "json     | '{\"a\": }'                | false",
                "json     | '[1, 2'                    | false",
                "json     | '{}'                       | true",
                "json     | '[]'                       | true",
                "json     | '{1: 2}'                   | false",
                "json     | '[1 2]'                    | false",
                "string   | anything at all            | true",
            })
    void values_are_checked_against_their_type(String type, String value, boolean valid) {
        assertThat(KeyType.parse(type).problem(value, List.of(), false) == null).isEqualTo(valid);
    }

    @Test
    void an_unknown_type_is_refused_with_the_known_ones_listed() {
        assertThatThrownBy(() -> KeyType.parse("integer")).hasMessageContaining("use one of string, int, number");
    }

    @Test
    void json_nested_too_deeply_is_refused_without_exhausting_the_stack() {
        assertThat(KeyType.JSON.problem("[".repeat(100_000), List.of(), false)).contains("nested deeper than 64");
    }

    @Test
    void effective_settings_add_schema_defaults_for_keys_not_set() {
        Settings explicit = Settings.of(Map.of("DATABASE_URL", "https://db", "extra", "x"));
        Settings effective = PAYMENTS.effective(explicit);
        assertThat(effective.values())
                .containsEntry(PORT, "8080")
                .containsEntry(LEVEL, "INFO")
                .containsEntry(URL, "https://db")
                .containsEntry(new SettingKey("extra"), "x");
        assertThat(PAYMENTS.effective(Settings.of(Map.of("server.port", "9090")))
                        .get(PORT))
                .contains("9090");
    }

    @Test
    void validation_reports_one_problem_per_key_and_never_a_secret_value() {
        Settings settings =
                Settings.of(Map.of("server.port", "eighty", "LOG_LEVEL", "LOUD", "DATABASE_PASSWORD", "hunter2"));
        List<Problem> problems = PAYMENTS.validate(settings);
        assertThat(problems)
                .extracting(Problem::subject)
                .containsExactlyInAnyOrder("server.port", "LOG_LEVEL", "DATABASE_PASSWORD", "DATABASE_URL");
        assertThat(problems)
                .filteredOn(p -> p.subject().equals("LOG_LEVEL"))
                .first()
                .extracting(Problem::message)
                .isEqualTo("expected one of DEBUG, INFO, WARN, ERROR, got 'LOUD'");
        assertThat(problems)
                .filteredOn(p -> p.subject().equals("DATABASE_URL"))
                .first()
                .extracting(Problem::message)
                .asString()
                .contains("required");
        assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("hunter2"));
    }

    @Test
    void a_change_is_blamed_only_for_what_it_touches() {
        assertThat(PAYMENTS.validateChange(Map.of(PORT, "9090"), Set.of())).isEmpty();
        assertThat(PAYMENTS.validateChange(Map.of(PORT, "x"), Set.of(URL)))
                .extracting(Problem::subject)
                .containsExactly("server.port", "DATABASE_URL");
        assertThat(PAYMENTS.validateChange(Map.of(new SettingKey("undeclared"), "anything"), Set.of(PORT)))
                .isEmpty();
    }

    @Test
    void a_sealed_value_is_refused_on_a_key_that_is_not_secret_and_accepted_on_a_secret_one() {
        String sealed = "ENC[v1:0123abcd:AAAA]";
        List<Problem> problems = PAYMENTS.validateChange(
                Map.of(URL, sealed, new SettingKey("undeclared"), "ENC[x]", PASSWORD, sealed), Set.of());

        assertThat(problems).extracting(Problem::subject).containsExactlyInAnyOrder("DATABASE_URL", "undeclared");
        assertThat(problems)
                .extracting(Problem::message)
                .allMatch(
                        message -> message.contains("looks like a sealed secret") && message.contains("marked secret"));
        assertThat(Secrecy.isSealed(sealed)).isTrue();
        assertThat(Secrecy.isSealed("plain ENC[v1:x]")).isFalse();
    }

    @Test
    void a_key_spec_checks_its_default_and_its_enum_values() {
        assertThatThrownBy(() -> new KeySpec(KeyType.INT, "x", false, false, false, null, List.of()))
                .hasMessageContaining("default expected a whole number");
        assertThatThrownBy(() -> new KeySpec(KeyType.ENUM, null, false, false, false, null, List.of()))
                .hasMessageContaining("non-empty list of values");
        assertThatThrownBy(() -> new KeySpec(KeyType.STRING, null, false, false, false, null, List.of("a")))
                .hasMessageContaining("only an enum key");
    }
}
