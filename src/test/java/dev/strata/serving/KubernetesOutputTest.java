package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code ?format=configmap|secret}: Kubernetes manifests of a configuration, against Strata with demo data. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class KubernetesOutputTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String PROD_TOKEN = "prod-token-0123456789abcdef";
    static final String DEV_TOKEN = "dev-token-0123456789abcdef";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-production
                    sha256: %s
                    scopes: [payments:production]
                  - name: payments-dev
                    sha256: %s
                    scopes: [payments:dev]
                """.formatted(
                        TokenDirectory.sha256(PROD_TOKEN), TokenDirectory.sha256(DEV_TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

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
        var response = get("/api/v1/config/payments/production?format=configmap", PROD_TOKEN);

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
        var response = get("/api/v1/config/payments/production?format=secret", PROD_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode manifest = yaml.readTree(response.body());
        assertThat(manifest.get("kind").asString()).isEqualTo("Secret");
        assertThat(manifest.at("/stringData/DATABASE_PASSWORD").asString()).isEqualTo("demo-production-password");
        assertThat(manifest.get("stringData").size()).isEqualTo(1);
    }

    @Test
    void a_token_outside_its_scope_gets_no_manifest_and_no_secret() throws Exception {
        var secret = get("/api/v1/config/payments/production?format=secret", DEV_TOKEN);
        var configMap = get("/api/v1/config/payments/production?format=CONFIGMAP", DEV_TOKEN);
        var anonymous = get("/api/v1/config/payments/production?format=secret", null);

        assertThat(secret.statusCode()).isEqualTo(403);
        assertThat(configMap.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(secret.body() + configMap.body() + anonymous.body())
                .doesNotContain("demo-production-password", "db.prod");
    }

    @Test
    void list_keys_are_renamed_and_a_clashing_key_is_named_in_an_annotation_and_a_warning() throws Exception {
        var set = new TreeMap<SettingKey, String>(Map.of(
                new SettingKey("hosts[0]"),
                "a.example",
                new SettingKey("hosts.0"),
                "b.example",
                new SettingKey("servers[1].port"),
                "81"));
        store.commit(new ChangeSet(
                new AppName("payments"),
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "list keys",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        var response = get("/api/v1/config/payments/dev?format=configmap", DEV_TOKEN);

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
        var first = get("/api/v1/config/payments/production?format=configmap", PROD_TOKEN);

        var again = get(
                "/api/v1/config/payments/production?format=configmap",
                PROD_TOKEN,
                "If-None-Match",
                first.headers().firstValue("ETag").orElseThrow());
        var past = get("/api/v1/config/payments/production?format=configmap&at=" + before, PROD_TOKEN);

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
        var unknown = get("/api/v1/config/payments/production?format=helm", PROD_TOKEN);
        var waiting = get("/api/v1/config/payments/production?format=configmap&wait=5", PROD_TOKEN);
        var accept = get("/api/v1/config/payments/production", PROD_TOKEN, "Accept", "application/vnd.kubernetes");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("json, yaml, properties, env, configmap, secret");
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(accept.statusCode()).isEqualTo(406);
    }
}
