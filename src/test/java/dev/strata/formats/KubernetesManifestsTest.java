package dev.strata.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubernetesManifestsTest {

    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Map<String, String> values(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @Test
    void a_config_map_is_a_kubernetes_manifest_whose_values_are_all_strings() {
        String text = KubernetesManifests.configMap(
                "payments",
                "production",
                REVISION,
                values("server.port", "8080", "feature.on", "true", "greeting", "Hello: \"you\"\nbye", "empty", ""));

        JsonNode manifest = YAML.readTree(text);
        assertThat(manifest.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(manifest.get("kind").asString()).isEqualTo("ConfigMap");
        assertThat(manifest.at("/metadata/name").asString()).isEqualTo("payments");
        assertThat(manifest.at("/metadata/labels").get("app.kubernetes.io/name").asString())
                .isEqualTo("payments");
        assertThat(manifest.at("/metadata/annotations")
                        .get("strata.dev/revision")
                        .asString())
                .isEqualTo(REVISION);
        assertThat(manifest.at("/metadata/annotations")
                        .get("strata.dev/environment")
                        .asString())
                .isEqualTo("production");
        JsonNode data = manifest.get("data");
        assertThat(data.get("server.port").isString()).isTrue();
        assertThat(data.get("server.port").asString()).isEqualTo("8080");
        assertThat(data.get("feature.on").isString()).isTrue();
        assertThat(data.get("greeting").asString()).isEqualTo("Hello: \"you\"\nbye");
        assertThat(data.get("empty").asString()).isEmpty();
        assertThat(manifest.at("/metadata/annotations").has("strata.dev/skipped-keys"))
                .isFalse();
    }

    @Test
    void a_secret_holds_its_values_in_string_data() {
        JsonNode manifest = YAML.readTree(
                KubernetesManifests.secret("payments", "dev", REVISION, values("db.password", "s3cr3t: yes")));

        assertThat(manifest.get("kind").asString()).isEqualTo("Secret");
        assertThat(manifest.get("type").asString()).isEqualTo("Opaque");
        assertThat(manifest.at("/stringData/db.password").asString()).isEqualTo("s3cr3t: yes");
        assertThat(manifest.has("data")).isFalse();
    }

    @Test
    void list_indexes_become_dots_and_a_key_that_would_clash_is_skipped_and_named() {
        Map<String, String> values = values("hosts[0]", "a", "hosts.0", "b", "servers[1].port", "81");

        JsonNode manifest = YAML.readTree(KubernetesManifests.configMap("payments", "dev", REVISION, values));

        assertThat(manifest.at("/data/hosts.0").asString()).isEqualTo("b");
        assertThat(manifest.at("/data/servers.1.port").asString()).isEqualTo("81");
        assertThat(manifest.get("data").size()).isEqualTo(2);
        assertThat(manifest.at("/metadata/annotations")
                        .get("strata.dev/skipped-keys")
                        .asString())
                .isEqualTo("hosts[0]");
        assertThat(KubernetesManifests.skipped(values.keySet())).containsExactly("hosts[0]");
    }

    @Test
    void every_key_in_a_manifest_is_a_valid_kubernetes_key() {
        Map<String, String> values = values("a[0][1]", "x", "_under", "y", "with-dash.and_underscore", "z", "b[", "w");

        JsonNode data = YAML.readTree(KubernetesManifests.configMap("payments", "dev", REVISION, values))
                .get("data");

        assertThat(data.propertyNames()).allMatch(name -> name.matches("[-._a-zA-Z0-9]{1,253}"));
        assertThat(data.propertyNames()).containsExactly("a.0.1", "_under", "with-dash.and_underscore", "b.");
    }

    @Test
    void no_values_give_an_empty_data_map() {
        JsonNode manifest = YAML.readTree(KubernetesManifests.configMap("payments", "dev", REVISION, Map.of()));

        assertThat(manifest.get("data").isObject()).isTrue();
        assertThat(manifest.get("data").size()).isZero();
    }
}
