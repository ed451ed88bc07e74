package dev.strata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "payments",
                "a",
                "web-frontend-2",
                "x123456789012345678901234567890123456789012345678901234567890ab"
            })
    void names_that_follow_the_rule_are_accepted(String name) {
        assertThat(new AppName(name).value()).isEqualTo(name);
        assertThat(new EnvName(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "../x        | must start with a lower-case letter a-z, not '.' (U+002E)",
                ".git        | must start with a lower-case letter a-z, not '.' (U+002E)",
                "a/b         | contains '/' (U+002F) at position 2",
                "Payments    | must start with a lower-case letter a-z, not 'P' (U+0050)",
                "payMents    | contains 'M' (U+004D) at position 4",
                "1password   | must start with a lower-case letter a-z",
                "-dash       | must start with a lower-case letter a-z",
                "pay_ments   | contains '_' (U+005F) at position 4",
                "pay.ments   | contains '.' (U+002E) at position 4",
                "pay ments   | contains ' ' (U+0020) at position 4",
            })
    void hostile_application_names_are_refused_with_the_rule_they_break(String name, String rule) {
        assertThatThrownBy(() -> new AppName(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("application name")
                .hasMessageContaining(rule);
    }

    @Test
    void an_empty_name_is_refused_as_empty() {
        assertThatThrownBy(() -> new EnvName(""))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("environment: environment name must not be empty");
        assertThatThrownBy(() -> new AppName(null)).hasMessageContaining("must not be empty");
    }

    @Test
    void a_300_character_name_is_refused_for_its_length() {
        assertThatThrownBy(() -> new AppName("a".repeat(300)))
                .hasMessageContaining("is 300 characters long; at most 63 are allowed");
        assertThat(new AppName("a".repeat(63)).value()).hasSize(63);
        assertThatThrownBy(() -> new AppName("a".repeat(64))).hasMessageContaining("at most 63");
    }

    @Test
    void a_nul_in_a_name_is_refused_and_shown_escaped() {
        assertThatThrownBy(() -> new AppName("pay\0ments"))
                .hasMessageContaining("(U+0000 NUL) at position 4")
                .hasMessageContaining("'pay\\u0000ments'");
    }

    @Test
    void a_unicode_look_alike_is_refused_with_its_code_point_named() {
        String cyrillicA = "p\u0430yments";
        assertThatThrownBy(() -> new AppName(cyrillicA))
                .hasMessageContaining("U+0430 CYRILLIC SMALL LETTER A")
                .hasMessageContaining("at position 2");
        assertThatThrownBy(() -> new EnvName("d\u0435v")).hasMessageContaining("U+0435 CYRILLIC SMALL LETTER IE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.port", "DATABASE_URL", "_private", "list[0].name", "a-b", "list[0]_-.x"})
    void keys_that_follow_the_rule_are_accepted(String key) {
        assertThat(new SettingKey(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1st        | must start with a letter A-Z, a-z or '_'",
                ".hidden    | must start with a letter A-Z, a-z or '_'",
                "a b        | contains ' ' (U+0020) at position 2",
                "a/b        | contains '/' (U+002F) at position 2",
                "a:b        | contains ':' (U+003A) at position 2",
                "k\u0435y   | U+0435 CYRILLIC SMALL LETTER IE",
            })
    void hostile_keys_are_refused_with_the_rule_they_break(String key, String rule) {
        assertThatThrownBy(() -> new SettingKey(key))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(rule);
    }

    @Test
    void keys_longer_than_200_characters_are_refused() {
        assertThatThrownBy(() -> new SettingKey("k".repeat(201)))
                .hasMessageContaining("201 characters long; at most 200");
        assertThatThrownBy(() -> new SettingKey("")).hasMessageContaining("must not be empty");
    }

    @Test
    void a_revision_is_a_full_lower_case_commit_id() {
        String id = "0123456789abcdef0123456789abcdef01234567";
        assertThat(new Revision(id).abbreviated()).isEqualTo("0123456");
        assertThatThrownBy(() -> new Revision(id.toUpperCase())).hasMessageContaining("'A' at position 11");
        assertThatThrownBy(() -> new Revision("abc")).hasMessageContaining("40-digit hexadecimal");
        assertThatThrownBy(() -> new Revision("../../etc/passwd0123456789abcdef01234567"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void an_author_cannot_forge_commit_headers() {
        assertThat(new Author("Alice Liddell", "alice@example.com")).hasToString("Alice Liddell <alice@example.com>");
        assertThatThrownBy(() -> new Author("Alice\ncommitter Mallory", "alice@example.com"))
                .hasMessageContaining("must not contain control characters");
        assertThatThrownBy(() -> new Author("Alice", "alice@example.com> <x")).hasMessageContaining("'<' or '>'");
        assertThatThrownBy(() -> new Author("Alice", "no-at-sign")).hasMessageContaining("must contain '@'");
        assertThatThrownBy(() -> new Author(" ", "a@b")).hasMessageContaining("must not be empty");
    }
}
