package dev.strata.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.KeyType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Whatever settings are written in a format, its reader reads the same settings back. */
public class RoundTripProperties {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Property(tries = 300)
    void json_reads_back_what_it_writes(@ForAll("settings") Map<String, Scalar> settings) {
        assertThat(FileFormat.JSON.read(FileFormat.JSON.write(settings)).settings())
                .containsExactlyEntriesOf(texts(settings));
    }

    @Property(tries = 300)
    void yaml_reads_back_what_it_writes(@ForAll("settings") Map<String, Scalar> settings) {
        var reading = FileFormat.YAML.read(FileFormat.YAML.write(settings));

        assertThat(reading.errors()).isEmpty();
        assertThat(reading.settings()).containsExactlyEntriesOf(texts(settings));
    }

    @Property(tries = 300)
    void yaml_tools_read_text_as_text_and_typed_values_typed(@ForAll("settings") Map<String, Scalar> settings) {
        JsonNode tree = YAML.readTree(FileFormat.YAML.write(settings));

        settings.forEach((key, value) -> {
            JsonNode node = tree.get(key);
            switch (value.kind()) {
                case TEXT ->
                    assertThat(node.isString()).as(key + ": " + value.text()).isTrue();
                case BOOL -> assertThat(node.isBoolean()).isTrue();
                case NUMBER -> assertThat(node.isNumber()).as(value.text()).isTrue();
            }
        });
    }

    @Property(tries = 300)
    void properties_read_back_what_they_write(@ForAll("settings") Map<String, Scalar> settings) {
        assertThat(FileFormat.PROPERTIES
                        .read(FileFormat.PROPERTIES.write(settings))
                        .settings())
                .containsExactlyEntriesOf(texts(settings));
    }

    @Property(tries = 300)
    void env_files_read_back_what_they_write_under_the_variable_names(
            @ForAll("settings") Map<String, Scalar> settings) {
        Assume.that(EnvNames.clashes(settings.keySet()).isEmpty());
        Map<String, String> byName = new LinkedHashMap<>();
        settings.forEach((key, value) -> byName.put(EnvNames.of(key), value.text()));

        var reading = FileFormat.ENV.read(FileFormat.ENV.write(settings));

        assertThat(reading.errors()).isEmpty();
        assertThat(reading.settings()).containsExactlyEntriesOf(byName);
    }

    private static Map<String, String> texts(Map<String, Scalar> settings) {
        Map<String, String> texts = new LinkedHashMap<>();
        settings.forEach((key, value) -> texts.put(key, value.text()));
        return texts;
    }

    /** Settings with random keys and values of every kind. */
    @Provide
    public static Arbitrary<Map<String, Scalar>> settings() {
        return Arbitraries.maps(keys(), scalars()).ofMaxSize(8).map(TreeMap::new);
    }

    static Arbitrary<String> keys() {
        Arbitrary<Character> first =
                Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('_', '.', '-', '[', ']')
                .ofMaxLength(20);
        return Combinators.combine(first, rest).as((c, s) -> c + s);
    }

    static Arbitrary<Scalar> scalars() {
        return Arbitraries.oneOf(
                values().map(Scalar::text),
                Arbitraries.of("true", "false").map(v -> Scalar.of(KeyType.BOOL, v)),
                Arbitraries.longs().map(n -> Scalar.of(KeyType.INT, Long.toString(n))),
                Arbitraries.bigDecimals().map(n -> Scalar.of(KeyType.NUMBER, n.toString())));
    }

    /** Text of every kind, with what formats are known to stumble over. */
    static Arbitrary<String> values() {
        Arbitrary<String> unicode = Arbitraries.strings()
                .ofMaxLength(30)
                .filter(s -> s.chars().noneMatch(c -> c == 0 || Character.isSurrogate((char) c)));
        Arbitrary<String> tricky = Arbitraries.of(
                "true",
                "False",
                "yes",
                "on",
                "null",
                "~",
                "Null",
                "8080",
                "-1.5",
                "1e5",
                "0x1F",
                "010",
                ".5",
                ".inf",
                ".NaN",
                "2026-12-06",
                "12:30",
                "1_000",
                " lead",
                "trail ",
                "a # b",
                "#x",
                "a: b",
                "key=value",
                "back\\slash\\",
                "'single'",
                "\"double\"",
                "line\nbreak",
                "cr\rlf",
                "tab\tstop",
                "",
                " ",
                "$HOME",
                "`cmd`",
                "!tag",
                "&anchor",
                "*alias",
                "- item",
                "[a, b]",
                "{a: b}",
                "|",
                ">",
                "%",
                "@",
                "café ✓",
                "\u2028",
                "\u0085",
                "\uFEFFbom",
                "日本語",
                "😀");
        Arbitrary<String> mixed = Combinators.combine(tricky, unicode, tricky).as((a, b, c) -> a + b + c);
        return Arbitraries.oneOf(unicode, tricky, mixed);
    }
}
