package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsFormatTest {

    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("GREETING", "Grüße \"world\"\nline two $HOME \\ end");
        SETTINGS.put("server.port", "8080");
        SETTINGS.put("list[0]", " a=b: #c");
    }

    @Test
    void dotenv_quotes_values_and_escapes_what_a_shell_would_expand() {
        assertThat(SettingsFormat.ENV.write(SETTINGS)).isEqualTo("""
                GREETING="Grüße \\"world\\"\\nline two \\$HOME \\\\ end"
                server.port="8080"
                list[0]=" a=b: #c"
                """);
    }

    @Test
    void properties_read_back_to_the_same_text_with_java_properties() throws IOException {
        var read = new Properties();
        read.load(new StringReader(SettingsFormat.PROPERTIES.write(SETTINGS)));

        assertThat(read).containsExactlyInAnyOrderEntriesOf(SETTINGS);
        assertThat(SettingsFormat.PROPERTIES.write(SETTINGS)).matches("\\p{ASCII}*")
                .contains("GREETING=Gr\\u00fc\\u00dfe");
    }

    @Test
    void yaml_and_json_use_double_quoted_strings() {
        assertThat(SettingsFormat.YAML.write(Map.of("A", "x\ty"))).isEqualTo("\"A\": \"x\\ty\"\n");
        assertThat(SettingsFormat.JSON.write(SETTINGS)).isEqualTo("""
                {
                  "GREETING": "Grüße \\"world\\"\\nline two $HOME \\\\ end",
                  "server.port": "8080",
                  "list[0]": " a=b: #c"
                }
                """);
        assertThat(SettingsFormat.JSON.write(Map.of())).isEqualTo("{}\n");
    }
}
