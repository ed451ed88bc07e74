package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code ?format=configmap|secret}: Kubernetes manifests of a configuration, against Strata with demo
 * data. It shares its Strata with the other {@link ApiTest} classes: it reads the demo's payments, and
 * commits only into a copy of it; its tokens are its own.
 */
@ApiTest
class KubernetesOutputTest {

    static String prodToken;
    static String devToken;

    @BeforeAll
    static void issueTokens(@Autowired TokenDirectory tokens) {
        prodToken = tokens.issue("kubernetes-payments-production", List.of("payments:production"));
        devToken = tokens.issue("kubernetes-payments-dev", List.of("payments:dev"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Autowired
    TokenDirectory tokens;

    private final HttpClient http = HttpClient.newHttpClient();
    private final YAMLMapper yaml = new YAMLMapper();

    private HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_config_map_holds_the_resolved_values_as_strings_and_never_a_secret() throws Exception {
        var response = get("/api/v1/config/payments/production?format=configmap", prodToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.headers().firstValue("ETag"))
                .hasValue("\"" + store.head().id() + "\"");
        JsonNode manifest = yaml.readTree(response.body());
        assertThat(manifest.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(manifest.get("kind").asString()).isEqualTo("ConfigMap");
        assertThat(manifest.at("/metadata/name").asString()).isEqualTo("payments");
        assertThat(manifest.at("/metadata/labels").get("app.kubernetes.io/name").asString())
                .isEqualTo("payments");
        assertThat(manifest.at("/metadata/annotations")
                        .get("strata.dev/revision")
                        .asString())
                .isEqualTo(store.head().id());
        assertThat(manifest.at("/data/DATABASE_URL").asString()).isEqualTo("jdbc:postgresql://db.prod:5432/payments");
        assertThat(manifest.at("/data/server.port").isString())
                .as("a ConfigMap holds only strings")
                .isTrue();
        assertThat(manifest.at("/data/server.port").asString()).isEqualTo("8080");
        assertThat(manifest.get("data").has("DATABASE_PASSWORD")).isFalse();
        assertThat(response.body()).doesNotContain("demo-production-password", "DATABASE_PASSWORD");
    }

    @Test
    void a_secret_holds_only_the_secret_keys_in_string_data() throws Exception {
        var response = get("/api/v1/config/payments/production?format=secret", prodToken);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode manifest = yaml.readTree(response.body());
        assertThat(manifest.get("kind").asString()).isEqualTo("Secret");
        assertThat(manifest.at("/stringData/DATABASE_PASSWORD").asString()).isEqualTo("demo-production-password");
        assertThat(manifest.get("stringData").size()).isEqualTo(1);
    }

    @Test
    void a_token_outside_its_scope_gets_no_manifest_and_no_secret() throws Exception {
        var secret = get("/api/v1/config/payments/production?format=secret", devToken);
        var configMap = get("/api/v1/config/payments/production?format=CONFIGMAP", devToken);
        var anonymous = get("/api/v1/config/payments/production?format=secret", null);

        assertThat(secret.statusCode()).isEqualTo(403);
        assertThat(configMap.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(secret.body() + configMap.body() + anonymous.body())
                .doesNotContain("demo-production-password", "db.prod");
    }

    @Test
    void list_keys_are_renamed_and_a_clashing_key_is_named_in_an_annotation_and_a_warning() throws Exception {
        AppName copy = new DemoCopies(store, secrets).copy("payments");
        String copyToken = tokens.issue("kubernetes-" + copy.value() + "-dev", List.of(copy.value() + ":dev"));
        var set = new TreeMap<SettingKey, String>(Map.of(
                new SettingKey("hosts[0]"),
                "a.example",
                new SettingKey("hosts.0"),
                "b.example",
                new SettingKey("servers[1].port"),
                "81"));
        store.commit(new ChangeSet(
                copy,
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "list keys",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        var response = get("/api/v1/config/" + copy.value() + "/dev?format=configmap", copyToken);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode manifest = yaml.readTree(response.body());
        assertThat(manifest.at("/data/hosts.0").asString()).isEqualTo("b.example");
        assertThat(manifest.at("/data/servers.1.port").asString()).isEqualTo("81");
        assertThat(manifest.at("/metadata/annotations")
                        .get("strata.dev/skipped-keys")
                        .asString())
                .isEqualTo("hosts[0]");
        assertThat(response.headers().firstValue("Warning"))
                .hasValueSatisfying(
                        warning -> assertThat(warning).startsWith("299 strata ").contains("hosts[0]"));
    }

    @Test
    void an_unchanged_manifest_answers_304_and_a_past_revision_is_served_as_it_was() throws Exception {
        String before = store.head().id();
        var first = get("/api/v1/config/payments/production?format=configmap", prodToken);

        var again = get(
                "/api/v1/config/payments/production?format=configmap",
                prodToken,
                "If-None-Match",
                first.headers().firstValue("ETag").orElseThrow());
        var past = get("/api/v1/config/payments/production?format=configmap&at=" + before, prodToken);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(past.statusCode()).isEqualTo(200);
        assertThat(yaml.readTree(past.body())
                        .at("/metadata/annotations")
                        .get("strata.dev/revision")
                        .asString())
                .isEqualTo(before);
    }

    @Test
    void unknown_formats_and_waiting_for_a_manifest_are_refused_with_the_formats_listed() throws Exception {
        var unknown = get("/api/v1/config/payments/production?format=helm", prodToken);
        var waiting = get("/api/v1/config/payments/production?format=configmap&wait=5", prodToken);
        var accept = get("/api/v1/config/payments/production", prodToken, "Accept", "application/vnd.kubernetes");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("json, yaml, properties, env, configmap, secret");
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(accept.statusCode()).isEqualTo(406);
    }
}
