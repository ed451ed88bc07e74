package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void line_breaks_and_other_controls_are_written_as_escapes() {
        assertThat(LogText.of("mallory\r\naccess event=sign-in user=admin"))
                .isEqualTo("\"mallory\\r\\naccess event=sign-in user=admin\"");
        assertThat(LogText.of("a\tb\u0000c\u001bd\u007fe\u0085f")).isEqualTo("a\\tb\\u0000c\\u001bd\\u007fe\\u0085f");
        assertThat(LogText.of("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
    }

    @Test
    void characters_that_reorder_what_a_reader_sees_are_escaped() {
        assertThat(LogText.of("user\u202Enimda")).isEqualTo("user\\u202enimda");
    }

    @Test
    void a_value_with_spaces_or_equals_signs_is_quoted_so_it_cannot_add_fields_to_a_key_value_line() {
        assertThat(LogText.of("mallory event=sign-in user=admin")).isEqualTo("\"mallory event=sign-in user=admin\"");
        assertThat(LogText.of("a\u00a0user=admin")).isEqualTo("\"a\u00a0user=admin\"");
        assertThat(LogText.of("say \"hi\" \\ there")).isEqualTo("\"say \\\"hi\\\" \\\\ there\"");
    }

    @Test
    void a_backslash_is_escaped_so_that_it_cannot_pass_for_an_escape() {
        assertThat(LogText.of("mallory\\naccess")).isEqualTo("mallory\\\\naccess");
        assertThat(LogText.of("mallory\\naccess")).isNotEqualTo(LogText.of("mallory\naccess"));
    }

    @Test
    void ordinary_text_in_any_script_is_left_as_it_is() {
        assertThat(LogText.of("Zoë_Żółć-山田@payments/production.LOG_LEVEL😀"))
                .isEqualTo("Zoë_Żółć-山田@payments/production.LOG_LEVEL😀");
        assertThat(LogText.of(null)).isNull();
    }
}
