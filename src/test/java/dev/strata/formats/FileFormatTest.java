package dev.strata.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.KeyType;
import dev.strata.config.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FileFormatTest {

    private static Map<String, Scalar> texts(String... keysAndValues) {
        Map<String, Scalar> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], Scalar.text(keysAndValues[i + 1]));
        }
        return values;
    }

    @Test
    void dotenv_reads_quotes_comments_and_export() {
        var result = FileFormat.ENV.read("""
                # payments in dev
                export LOG_LEVEL=DEBUG
                GREETING="Hello \\"you\\"\\nbye"
                RAW='a $b c'
                PLAIN=value # a comment
                EMPTY=
                MULTI='one
                two'
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.settings())
                .containsExactly(
                        Map.entry("LOG_LEVEL", "DEBUG"),
                        Map.entry("GREETING", "Hello \"you\"\nbye"),
                        Map.entry("RAW", "a $b c"),
                        Map.entry("PLAIN", "value"),
                        Map.entry("EMPTY", ""),
                        Map.entry("MULTI", "one\ntwo"));
    }

    @Test
    void malformed_lines_are_reported_by_line_and_column_and_nothing_is_taken() {
        var result = FileFormat.ENV.read("""
                GOOD=1
                no equals sign here
                BAD KEY=2
                GOOD=again
                OPEN="never closed
                """);

        assertThat(result.errors())
                .extracting(FormatError::toString)
                .containsExactly(
                        "line 2, column 1: expected NAME=value",
                        "line 3, column 1: key 'BAD KEY' contains ' ' (U+0020) at position 4; only letters A-Z and a-z, digits 0-9 and _ . - [ ] are allowed",
                        "line 4, column 1: key GOOD appears more than once (first on line 1)",
                        "line 5, column 6: the double quote opened here is never closed");
    }

    @Test
    void env_files_name_keys_as_spring_relaxed_binding_reads_them() {
        assertThat(EnvNames.of("server.port")).isEqualTo("SERVER_PORT");
        assertThat(EnvNames.of("my-app.items[0]")).isEqualTo("MYAPP_ITEMS_0_");
        assertThat(EnvNames.of("DATABASE_URL")).isEqualTo("DATABASE_URL");
        assertThat(FileFormat.ENV.write(Map.of("server.port", new Scalar("9090", Scalar.Kind.NUMBER))))
                .isEqualTo("SERVER_PORT=9090\n");
    }

    @Test
    void two_keys_that_become_one_variable_are_refused_naming_both() {
        assertThatThrownBy(() -> FileFormat.ENV.write(texts("DB_URL", "a", "db.url", "b")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("DB_URL and db.url all become the environment variable DB_URL");
    }

    @Test
    void env_values_are_quoted_so_that_a_shell_reads_them_back_exactly() throws Exception {
        String rendered = FileFormat.ENV.write(
                texts("GREETING", "it's a \"test\" $HOME `x` \\ ok", "my-app.items[0]", "first", "LINES", "one\ntwo"));
        var script = Files.createTempFile("strata", ".env");
        Files.writeString(script, rendered);

        var shell = new ProcessBuilder(
                        "sh",
                        "-c",
                        "set -a; . \"$0\"; printf '%s|%s|%s' \"$GREETING\" \"$MYAPP_ITEMS_0_\" \"$LINES\"",
                        script.toString())
                .redirectErrorStream(true)
                .start();
        String echoed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(shell.waitFor()).isZero();
        assertThat(echoed).isEqualTo("it's a \"test\" $HOME `x` \\ ok|first|one\ntwo");
        Files.delete(script);
    }

    @Test
    void properties_read_separators_escapes_and_continuations() {
        var result = FileFormat.PROPERTIES.read("""
                ! comment
                server.port = 8080
                greeting:Gr\\u00fc\\u00dfe
                list \\
                    continued
                path=C\\:\\\\temp
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.settings())
                .containsExactly(
                        Map.entry("server.port", "8080"),
                        Map.entry("greeting", "Grüße"),
                        Map.entry("list", "continued"),
                        Map.entry("path", "C:\\temp"));
    }

    @Test
    void a_properties_value_with_an_escaped_nul_is_refused_with_its_line() {
        var result = FileFormat.PROPERTIES.read("A=1\nN=\\u0000\nB=\\u12\n");

        assertThat(result.errors())
                .extracting(FormatError::toString)
                .containsExactly(
                        "line 2, column 1: N: value contains a NUL character at position 1; NUL is not allowed",
                        "line 3, column 3: \\u must be followed by four hexadecimal digits");
    }

    @Test
    void properties_are_ascii_and_read_back_by_java_properties_from_text_and_from_bytes() throws Exception {
        Map<String, Scalar> values = texts("url", "jdbc:pg://h:1/x", "k=y", " a b ", "greeting", "café ✓");
        String rendered = FileFormat.PROPERTIES.write(values);
        var fromText = new Properties();
        fromText.load(new StringReader(rendered));
        var fromBytes = new Properties(); // load(InputStream) reads ISO-8859-1, as most Java code does
        fromBytes.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)));

        assertThat(rendered).matches("\\p{ASCII}*").contains("greeting=caf\\u00E9 \\u2713\n");
        assertThat(fromText)
                .containsEntry("url", "jdbc:pg://h:1/x")
                .containsEntry("k=y", " a b ")
                .containsEntry("greeting", "café ✓");
        assertThat(fromBytes).isEqualTo(fromText);
    }

    @Test
    void yaml_is_read_as_the_store_reads_it_flattened_with_null_leaving_the_key_out() {
        var result = FileFormat.YAML.read("""
                server:
                  port: 8080
                  ssl:
                    enabled: "true"
                LOG_LEVEL: 'WARN' # quieter
                hosts: [a, b]
                UNSET: null
                escaped: "\\x41"
                block: |
                  two
                  lines
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.settings())
                .containsExactly(
                        Map.entry("server.port", "8080"),
                        Map.entry("server.ssl.enabled", "true"),
                        Map.entry("LOG_LEVEL", "WARN"),
                        Map.entry("hosts[0]", "a"),
                        Map.entry("hosts[1]", "b"),
                        Map.entry("escaped", "A"),
                        Map.entry("block", "two\nlines\n"));
    }

    @Test
    void broken_yaml_is_refused_with_line_and_column() {
        var result = FileFormat.YAML.read("a: 1\nb: [1\nc: 2\n");

        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().getFirst().line()).isEqualTo(3);
        assertThat(result.errors().getFirst().column()).isPositive();
        assertThat(result.errors().getFirst().message()).startsWith("is not valid YAML");
    }

    @Test
    void yaml_is_written_canonical_with_typed_scalars_bare_and_text_quoted_only_where_yaml_would_read_something_else() {
        Map<String, Scalar> values = new LinkedHashMap<>();
        values.put("FEATURE", Scalar.of(KeyType.BOOL, "true"));
        values.put("port", Scalar.of(KeyType.INT, "8080"));
        values.put("ratio", Scalar.of(KeyType.NUMBER, "0.25"));
        values.put("text.bool", Scalar.text("true"));
        values.put("text.number", Scalar.text("8080"));
        values.put("text.date", Scalar.text("2026-12-06"));
        values.put("text.null", Scalar.text("null"));
        values.put("text.yes", Scalar.text("Yes"));
        values.put("url", Scalar.text("jdbc:postgresql://db:5432/x"));
        values.put("tab", Scalar.text("x\ty"));

        assertThat(FileFormat.YAML.write(values)).isEqualTo("""
                FEATURE: true
                port: 8080
                ratio: 0.25
                text.bool: "true"
                text.number: "8080"
                text.date: "2026-12-06"
                text.null: "null"
                text.yes: "Yes"
                url: jdbc:postgresql://db:5432/x
                tab: "x\\ty"
                """);
        assertThat(FileFormat.YAML.write(Map.of())).isEqualTo("{}\n");
    }

    @Test
    void json_is_flattened_and_numbers_keep_every_digit_given() {
        var good = FileFormat.JSON.read("""
                {"server": {"port": 8080}, "FEATURE": true, "hosts": ["a", "b"], "exact": 1.00000000000000000001,
                 "exponent": 1E2, "huge": 1e400, "none": null}
                """);

        assertThat(good.errors()).isEmpty();
        assertThat(good.settings())
                .containsExactly(
                        Map.entry("server.port", "8080"),
                        Map.entry("FEATURE", "true"),
                        Map.entry("hosts[0]", "a"),
                        Map.entry("hosts[1]", "b"),
                        Map.entry("exact", "1.00000000000000000001"),
                        Map.entry("exponent", "1E2"),
                        Map.entry("huge", "1e400"));
    }

    @Test
    void json_with_a_key_given_twice_is_refused_naming_the_key_and_line() {
        var result = FileFormat.JSON.read("{\n  \"a\": 1,\n  \"a\": 2\n}");

        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().getFirst().toString())
                .startsWith("line 3, column")
                .contains("\"a\"");
    }

    @Test
    void json_syntax_errors_name_their_line() {
        var bad = FileFormat.JSON.read("{\n  \"a\": 1,\n  \"b\": \n}");

        assertThat(bad.errors()).hasSize(1);
        assertThat(bad.errors().getFirst().line()).isEqualTo(4);
    }

    @Test
    void json_is_written_with_typed_values_bare_and_their_digits_as_stored() {
        Map<String, Scalar> values = new LinkedHashMap<>();
        values.put("GREETING", Scalar.text("café ✓ \"q\""));
        values.put("on", Scalar.of(KeyType.BOOL, "false"));
        values.put("exact", Scalar.of(KeyType.NUMBER, "1.00000000000000000001"));
        values.put("exponent", Scalar.of(KeyType.NUMBER, "1E2"));

        assertThat(FileFormat.JSON.write(values))
                .isEqualTo(
                        "{\"GREETING\":\"café ✓ \\\"q\\\"\",\"on\":false,\"exact\":1.00000000000000000001,\"exponent\":1E2}");
    }

    @Test
    void hostile_input_is_refused_by_every_reader_with_where_it_breaks() {
        assertThat(FileFormat.JSON
                        .read("{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000))
                        .errors())
                .singleElement()
                .satisfies(error -> assertThat(error.toString())
                        .startsWith("line 1, column")
                        .contains("nesting"));
        assertThat(FileFormat.YAML
                        .read("a: " + "[".repeat(10_000) + "]".repeat(10_000))
                        .errors())
                .singleElement()
                .satisfies(error -> assertThat(error.line()).isEqualTo(1));
        assertThat(FileFormat.YAML.read("a: &x [1]\nb: *x\n").errors())
                .singleElement()
                .satisfies(error -> assertThat(error.toString())
                        .startsWith("line 2, column 4")
                        .contains("alias"));
        assertThat(FileFormat.JSON.read("").errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("expected a JSON object of keys and values"));
        assertThat(FileFormat.JSON
                        .read("{\"big\": \"" + "x".repeat(70_000) + "\"}")
                        .errors())
                .singleElement()
                .satisfies(error -> assertThat(error.line()).isEqualTo(1));
        assertThat(FileFormat.ENV.read("A='" + "x".repeat(1000) + "\n").errors())
                .extracting(FormatError::toString)
                .containsExactly("line 1, column 3: the single quote opened here is never closed");
    }

    @Test
    void a_value_over_64_KiB_is_a_mistake_of_its_line_in_every_format() {
        String huge = "x".repeat(64 * 1024 + 1);
        String tooBig = "value is 65537 bytes of UTF-8; at most 65536 (64 KiB) are allowed";

        assertThat(FileFormat.ENV.read("A=1\nB=" + huge).errors())
                .extracting(FormatError::toString)
                .containsExactly("line 2, column 1: B: " + tooBig);
        assertThat(FileFormat.PROPERTIES.read("a=1\nb.c=" + huge).errors())
                .extracting(FormatError::toString)
                .containsExactly("line 2, column 1: b.c: " + tooBig);
        assertThat(FileFormat.YAML.read("a: 1\nb:\n  c: " + huge).errors())
                .extracting(FormatError::toString)
                .containsExactly("line 3, column 6: b.c: " + tooBig);
        assertThat(FileFormat.JSON
                        .read("{\"a\": 1, \"b\": {\"c\": \"" + huge + "\"}}")
                        .errors())
                .extracting(FormatError::toString)
                .containsExactly("line 1, column 21: b.c: " + tooBig);
    }

    @Test
    void binary_data_is_refused_with_a_clear_message() {
        var result = FileFormat.ENV.read("A=1\nB=\u0000\u0001");

        assertThat(result.errors())
                .extracting(FormatError::toString)
                .containsExactly(
                        "line 2, column 3: the text contains binary data (a NUL character); only settings as text can be imported");
        assertThat(result.settings()).isEmpty();
    }

    @Test
    void more_than_10_mb_is_refused_before_it_is_read() {
        var result = FileFormat.JSON.read("A=" + "x".repeat(FileFormat.MAX_CHARS));

        assertThat(result.errors())
                .extracting(FormatError::toString)
                .containsExactly("The text is 10 MB long; at most 10 MB can be imported at once.");
    }

    @Test
    void a_paste_of_100000_lines_is_refused_before_it_is_read() {
        var result = FileFormat.PROPERTIES.read("K=v\n".repeat(100_001));

        assertThat(result.errors())
                .extracting(FormatError::toString)
                .containsExactly("The text has more than 100000 lines; import it in smaller parts.");
    }
}
