package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsFileTest {

    private static Settings read(String yaml) throws UnreadableFileException {
        return SettingsFile.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonical_files_read_back_what_was_written() throws UnreadableFileException {
        Settings settings = Settings.of(Map.of("a", "1", "b", "true", "c", "x: y", "d", "line\nbreak \"q\" \\ \u0007",
                "e", "", "f", "plain text", "g", "日本"));
        assertThat(SettingsFile.read(SettingsFile.write(settings))).isEqualTo(settings);
        assertThat(SettingsFile.read(SettingsFile.write(Settings.EMPTY))).isEqualTo(Settings.EMPTY);
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
    }

    @Test
    void a_key_given_twice_is_refused_even_on_canonical_lines() {
        assertThatThrownBy(() -> read("a: 1\na: 2\n")).isInstanceOf(UnreadableFileException.class);
    }
}
