package dev.strata.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

class GitOpsManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(String text) {
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(text)) {
            return documents.readAll();
        }
    }

    @Test
    void secret_keys_become_an_external_secret_whose_store_calls_strata_with_a_token_from_a_kubernetes_secret() {
        List<JsonNode> manifests = documents(GitOpsManifests.externalSecret(
                "payments",
                "production",
                "https://strata.example.com/",
                List.of("DATABASE_PASSWORD", "db.api-key", "hosts[0]")));

        assertThat(manifests).hasSize(2);
        JsonNode store = manifests.get(0);
        assertThat(store.get("apiVersion").asString()).isEqualTo("external-secrets.io/v1beta1");
        assertThat(store.get("kind").asString()).isEqualTo("SecretStore");
        assertThat(store.at("/metadata/name").asString()).isEqualTo("strata-payments");
        JsonNode webhook = store.at("/spec/provider/webhook");
        assertThat(webhook.get("url").asString())
                .isEqualTo("https://strata.example.com/api/v1/config/payments/production?format=json");
        assertThat(webhook.at("/headers/Authorization").asString()).isEqualTo("Bearer {{ .auth.token }}");
        assertThat(webhook.at("/result/jsonPath").asString()).isEqualTo("$[\"{{ .remoteRef.key }}\"]");
        assertThat(webhook.at("/secrets/0/name").asString()).isEqualTo("auth");
        assertThat(webhook.at("/secrets/0/secretRef/name").asString()).isEqualTo("strata-token-payments");

        JsonNode external = manifests.get(1);
        assertThat(external.get("kind").asString()).isEqualTo("ExternalSecret");
        assertThat(external.at("/metadata/name").asString()).isEqualTo("payments");
        assertThat(external.at("/spec/secretStoreRef/name").asString()).isEqualTo("strata-payments");
        assertThat(external.at("/spec/target/name").asString()).isEqualTo("payments");
        JsonNode data = external.at("/spec/data");
        assertThat(data).hasSize(3);
        assertThat(data.get(1).get("secretKey").asString()).isEqualTo("db.api-key");
        assertThat(data.get(1).at("/remoteRef/key").asString()).isEqualTo("db.api-key");
        // the Secret's key is a valid Kubernetes name; the key asked of Strata is the key as served
        assertThat(data.get(2).get("secretKey").asString()).isEqualTo("hosts.0");
        assertThat(data.get(2).at("/remoteRef/key").asString()).isEqualTo("hosts[0]");
    }

    @Test
    void an_address_with_yaml_syntax_in_it_stays_one_string() {
        JsonNode store = documents(
                        GitOpsManifests.externalSecret("payments", "dev", "http://strata:8080/#: x\n- y", List.of("A")))
                .get(0);

        assertThat(store.at("/spec/provider/webhook/url").asString())
                .isEqualTo("http://strata:8080/#: x\n- y/api/v1/config/payments/dev?format=json");
    }

    @Test
    void a_kustomization_lists_the_files_it_is_given_and_none_as_an_empty_list() {
        JsonNode kustomization =
                YAML.readTree(GitOpsManifests.kustomization(List.of("checkout.yaml", "payments.yaml")));

        assertThat(kustomization.get("apiVersion").asString()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.get("kind").asString()).isEqualTo("Kustomization");
        assertThat(kustomization
                        .get("resources")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("checkout.yaml", "payments.yaml");
        assertThat(YAML.readTree(GitOpsManifests.kustomization(List.of()))
                        .get("resources")
                        .isEmpty())
                .isTrue();
    }
}
