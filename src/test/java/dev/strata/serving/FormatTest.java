package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatTest {

    private static final Map<String, Object> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("GREETING", "it's a \"test\" $HOME `x` \\ ok");
        VALUES.put("my-app.items[0]", "first");
        VALUES.put("server.port", 8080L);
    }

    @Test
    void env_names_follow_spring_relaxed_binding() {
        assertThat(Format.environmentName("server.port")).isEqualTo("SERVER_PORT");
        assertThat(Format.environmentName("my-app.items[0]")).isEqualTo("MYAPP_ITEMS_0_");
        assertThat(Format.environmentName("DATABASE_URL")).isEqualTo("DATABASE_URL");
    }

    @Test
    void env_values_are_quoted_so_that_a_shell_reads_them_back_exactly() throws Exception {
        String rendered = Format.ENV.render(VALUES);
        var script = java.nio.file.Files.createTempFile("strata", ".env");
        java.nio.file.Files.writeString(script, rendered);

        var shell = new ProcessBuilder("sh", "-c", "set -a; . \"$0\"; printf '%s|%s|%s' \"$GREETING\" \"$MYAPP_ITEMS_0_\" \"$SERVER_PORT\"",
                script.toString()).redirectErrorStream(true).start();
        String echoed = new String(shell.getInputStream().readAllBytes());

        assertThat(shell.waitFor()).isZero();
        assertThat(echoed).isEqualTo("it's a \"test\" $HOME `x` \\ ok|first|8080");
    }

    @Test
    void properties_escape_as_java_reads_them() throws Exception {
        var properties = new java.util.Properties();
        properties.load(new java.io.StringReader(Format.PROPERTIES.render(Map.of("url", "jdbc:pg://h:1/x", "k=y", "a b"))));

        assertThat(properties).containsEntry("url", "jdbc:pg://h:1/x").containsEntry("k=y", "a b");
    }

    @Test
    void properties_are_ascii_so_that_loading_them_from_bytes_keeps_every_character() throws Exception {
        String rendered = Format.PROPERTIES.render(Map.of("greeting", "café ✓"));

        var properties = new java.util.Properties(); // load(InputStream) reads ISO-8859-1, as most Java code does
        properties.load(new java.io.ByteArrayInputStream(rendered.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(rendered).isEqualTo("greeting=caf\\u00E9 \\u2713\n");
        assertThat(properties).containsEntry("greeting", "café ✓");
    }
}
