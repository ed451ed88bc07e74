package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.formats.RoundTripProperties;
import dev.strata.formats.Scalar;
import dev.strata.formats.YamlSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SettingsFileTest {

    private static final Schema TYPED = new Schema(
            "",
            List.of(),
            new TreeMap<>(Map.of(
                    new SettingKey("FEATURE_NEW_CHECKOUT"), KeySpec.of(KeyType.BOOL),
                    new SettingKey("server.port"), KeySpec.of(KeyType.INT),
                    new SettingKey("ratio"), KeySpec.of(KeyType.NUMBER))));

    private static Settings read(String yaml) throws UnreadableFileException {
        return SettingsFile.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(Settings settings, String previous) {
        return new String(
                SettingsFile.write(settings, TYPED, previous.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void canonical_files_read_back_what_was_written() throws UnreadableFileException {
        Settings settings = Settings.of(Map.of(
                "a",
                "1",
                "b",
                "true",
                "c",
                "x: y",
                "d",
                "line\nbreak \"q\" \\ \u0007",
                "e",
                "",
                "f",
                "plain text",
                "g",
                "日本"));
        assertThat(SettingsFile.read(SettingsFile.write(settings, Schema.EMPTY)))
                .isEqualTo(settings);
        assertThat(SettingsFile.read(SettingsFile.write(Settings.EMPTY, Schema.EMPTY)))
                .isEqualTo(Settings.EMPTY);
    }

    @Test
    void values_of_bool_int_and_number_keys_are_written_as_plain_yaml_scalars() {
        Settings settings = Settings.of(Map.of(
                "FEATURE_NEW_CHECKOUT",
                "true",
                "server.port",
                "8081",
                "ratio",
                "0.25",
                "LABEL",
                "true",
                "VERSION",
                "8081"));

        assertThat(new String(SettingsFile.write(settings, TYPED), StandardCharsets.UTF_8))
                .isEqualTo("""
                FEATURE_NEW_CHECKOUT: true
                LABEL: "true"
                VERSION: "8081"
                ratio: 0.25
                server.port: 8081
                """);
    }

    @Test
    void a_commit_rewrites_only_the_lines_of_the_keys_it_changes() throws UnreadableFileException {
        String old = """
                FEATURE_NEW_CHECKOUT: "true"
                LOG_LEVEL: INFO
                ratio: "0.5"
                server.port: "8080"
                """;
        Settings before = read(old);

        String next = write(before.with(Map.of(new SettingKey("server.port"), "8081"), java.util.Set.of()), old);

        assertThat(before.get(new SettingKey("FEATURE_NEW_CHECKOUT"))).contains("true");
        assertThat(next).isEqualTo("""
                FEATURE_NEW_CHECKOUT: "true"
                LOG_LEVEL: INFO
                ratio: "0.5"
                server.port: 8081
                """);
        assertThat(write(before.with(Map.of(new SettingKey("A"), "x"), java.util.Set.of(new SettingKey("ratio"))), old))
                .isEqualTo("""
                        A: x
                        FEATURE_NEW_CHECKOUT: "true"
                        LOG_LEVEL: INFO
                        server.port: "8080"
                        """);
    }

    @Test
    void older_canonical_files_keep_their_lines_and_are_read_as_the_yaml_reader_reads_them()
            throws UnreadableFileException {
        String old = """
                A: True
                B: yes
                C: 0x1F
                D: 2026-12-06
                E: 1_000
                F: .inf
                G: "ENC[v1:x]"
                "H": "8080"
                server.port: 8080
                """;
        byte[] bytes = old.getBytes(StandardCharsets.UTF_8);
        Settings read = SettingsFile.read(bytes);

        assertThat(read).isEqualTo(Settings.of(YamlSettings.read(bytes).settings()));
        assertThat(write(read.with(Map.of(new SettingKey("server.port"), "8081"), java.util.Set.of()), old))
                .isEqualTo(old.replace("server.port: 8080", "server.port: 8081"));
    }

    @Test
    void files_that_only_look_canonical_are_read_as_yaml() throws UnreadableFileException {
        assertThat(read("b: 1\na: 2\n")).isEqualTo(Settings.of(Map.of("a", "2", "b", "1")));
        assertThat(read("\"db.url\": 'x'\n")).isEqualTo(Settings.of(Map.of("db.url", "x")));
        assertThat(read("a: \"\\x41\"\n")).isEqualTo(Settings.of(Map.of("a", "A")));
        assertThat(read("a: x # comment\n")).isEqualTo(Settings.of(Map.of("a", "x")));
        assertThat(read("a: \"x\" \n")).isEqualTo(Settings.of(Map.of("a", "x")));
        assertThat(read("a: 1")).isEqualTo(Settings.of(Map.of("a", "1")));
        assertThat(read("a: null\nb: 1\n")).isEqualTo(Settings.of(Map.of("b", "1")));
        assertThat(read("a: 2026-12-06\n")).isEqualTo(Settings.of(Map.of("a", "2026-12-06")));
    }

    @Test
    void a_key_given_twice_is_refused_even_on_canonical_lines() {
        assertThatThrownBy(() -> read("a: 1\na: 2\n")).isInstanceOf(UnreadableFileException.class);
    }

    @Property(tries = 300)
    void the_canonical_reader_reads_what_the_yaml_reader_reads(@ForAll("settings") Map<String, Scalar> values)
            throws UnreadableFileException {
        TreeMap<SettingKey, KeySpec> specs = new TreeMap<>();
        TreeMap<SettingKey, String> texts = new TreeMap<>();
        values.forEach((key, value) -> {
            specs.put(
                    new SettingKey(key),
                    KeySpec.of(
                            switch (value.kind()) {
                                case TEXT -> KeyType.STRING;
                                case BOOL -> KeyType.BOOL;
                                case NUMBER -> KeyType.NUMBER;
                            }));
            texts.put(new SettingKey(key), value.text());
        });
        Settings settings = new Settings(texts);
        byte[] file = SettingsFile.write(settings, new Schema("", List.of(), specs));

        Map<String, String> byYaml = YamlSettings.read(file).settings();
        Settings canonical = SettingsFile.read(file);

        assertThat(canonical).isEqualTo(settings);
        assertThat(Settings.of(byYaml)).isEqualTo(canonical);
    }

    @Provide
    Arbitrary<Map<String, Scalar>> settings() {
        return RoundTripProperties.settings();
    }
}
