package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.editing.SettingsParser.LineError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsParserTest {

    private static SettingsParser.Result parse(SettingsFormat format, String text) {
        return SettingsParser.parse(format, text);
    }

    @Test
    void dotenv_reads_quotes_comments_and_export() {
        var result = parse(SettingsFormat.ENV, """
                # payments in dev
                export LOG_LEVEL=DEBUG
                GREETING="Hello \\"you\\"\\nbye"
                RAW='a $b c'
                PLAIN=value # a comment
                EMPTY=
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.settings()).containsExactly(Map.entry("LOG_LEVEL", "DEBUG"),
                Map.entry("GREETING", "Hello \"you\"\nbye"), Map.entry("RAW", "a $b c"), Map.entry("PLAIN", "value"),
                Map.entry("EMPTY", ""));
    }

    @Test
    void malformed_lines_are_reported_by_number_and_nothing_is_taken() {
        var result = parse(SettingsFormat.ENV, """
                GOOD=1
                no equals sign here
                BAD KEY=2
                OPEN="never closed
                GOOD=again
                """);

        assertThat(result.errors()).extracting(LineError::toString).containsExactly(
                "line 2: expected KEY=value",
                "line 3: key 'BAD KEY' contains ' ' (U+0020) at position 4; only letters A-Z and a-z, digits 0-9 and _ . - [ ] are allowed",
                "line 4: the double quote is not closed on this line",
                "line 5: key GOOD appears more than once");
    }

    @Test
    void properties_read_separators_escapes_and_continuations() {
        var result = parse(SettingsFormat.PROPERTIES, """
                ! comment
                server.port = 8080
                greeting:Gr\\u00fc\\u00dfe
                list \\
                    continued
                path=C\\:\\\\temp
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.settings()).containsExactly(Map.entry("server.port", "8080"), Map.entry("greeting", "Grüße"),
                Map.entry("list", "continued"), Map.entry("path", "C:\\temp"));
    }

    @Test
    void yaml_maps_are_flattened_with_dots_and_lists_are_refused_by_line() {
        var result = parse(SettingsFormat.YAML, """
                server:
                  port: 8080
                  ssl:
                    enabled: "true"
                LOG_LEVEL: 'WARN' # quieter
                hosts:
                  - a
                """);

        assertThat(result.settings()).containsExactly(Map.entry("server.port", "8080"),
                Map.entry("server.ssl.enabled", "true"), Map.entry("LOG_LEVEL", "WARN"));
        assertThat(result.errors()).extracting(LineError::toString)
                .containsExactly("line 7: lists are not settings; give each value its own key");
    }

    @Test
    void json_objects_are_flattened_and_syntax_errors_name_their_line() {
        var good = parse(SettingsFormat.JSON, """
                {"server": {"port": 8080}, "FEATURE": true, "hosts": ["a", "b"]}
                """);
        assertThat(good.settings()).containsExactly(Map.entry("server.port", "8080"), Map.entry("FEATURE", "true"),
                Map.entry("hosts[0]", "a"), Map.entry("hosts[1]", "b"));

        var bad = parse(SettingsFormat.JSON, "{\n  \"a\": 1,\n  \"b\": \n}");
        assertThat(bad.errors()).hasSize(1);
        assertThat(bad.errors().getFirst().line()).isEqualTo(4);
    }

    @Test
    void binary_data_is_refused_with_a_clear_message() {
        var result = parse(SettingsFormat.ENV, "A=1\nB=\u0000\u0001");

        assertThat(result.errors()).extracting(LineError::toString)
                .containsExactly("The text contains binary data (a NUL character on line 2); only settings as text can be imported.");
        assertThat(result.settings()).isEmpty();
    }

    @Test
    void a_value_over_64_KiB_is_a_mistake_of_its_line_in_every_format() {
        String huge = "x".repeat(64 * 1024 + 1);
        String tooBig = "value is 65537 bytes of UTF-8; at most 65536 (64 KiB) are allowed";

        assertThat(parse(SettingsFormat.ENV, "A=1\nB=" + huge).errors()).extracting(LineError::toString)
                .containsExactly("line 2: B: " + tooBig);
        assertThat(parse(SettingsFormat.PROPERTIES, "a=1\nb.c=" + huge).errors()).extracting(LineError::toString)
                .containsExactly("line 2: b.c: " + tooBig);
        assertThat(parse(SettingsFormat.YAML, "a: 1\nb:\n  c: " + huge).errors()).extracting(LineError::toString)
                .containsExactly("line 3: b.c: " + tooBig);
        assertThat(parse(SettingsFormat.JSON, "{\"a\": 1, \"b\": {\"c\": \"" + huge + "\"}}").errors())
                .extracting(LineError::toString).containsExactly("b.c: " + tooBig);
    }

    @Test
    void more_than_10_mb_is_refused_before_it_is_read() {
        var result = parse(SettingsFormat.ENV, "A=" + "x".repeat(SettingsParser.MAX_CHARS));

        assertThat(result.errors()).extracting(LineError::toString)
                .containsExactly("The text is 10 MB long; at most 10 MB can be imported at once.");
    }

    @Test
    void a_paste_of_100000_lines_is_refused_quickly() {
        String text = "K=v\n".repeat(100_001);

        long start = System.nanoTime();
        var result = parse(SettingsFormat.ENV, text);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.errors()).extracting(LineError::toString)
                .containsExactly("The text has more than 100000 lines; import it in smaller parts.");
        assertThat(millis).isLessThan(1000);
    }
}
