package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.editing.SettingsService;
import dev.strata.editing.SettingsTable;
import dev.strata.history.PastSettings;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared settings end to end against the demo data, where payments and checkout include the shared
 * set observability: what applications are served, how a change of the set reaches them, and what
 * the API refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class SharedSettingsApiTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String TOKEN = "shared-token-0123456789abcdef";
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String SAMPLER = "OTEL_TRACES_SAMPLER_ARG";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: everything
                    sha256: %s
                    scopes: ["*:*"]
                """.formatted(TokenDirectory.sha256(TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    ConfigWatch watch;

    @Autowired
    PastSettings pastSettings;

    @Autowired
    SettingsService settings;

    ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private HttpResponse<String> fetch(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String commit(String app, String env, String key, String value) {
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey(key), value));
        return store.commit(new ChangeSet(
                        new AppName(app),
                        new EnvName(env),
                        set,
                        new TreeSet<>(),
                        "test change",
                        new Author("Carol Danvers", "carol@example.com"),
                        store.head()))
                .revision()
                .id();
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void an_including_application_is_served_the_sets_values_in_every_format() throws Exception {
        JsonNode config =
                json.readTree(fetch("/api/v1/config/payments/production").body());

        assertThat(config.get(ENDPOINT).asString()).isEqualTo("https://otel-collector.internal:4318");
        assertThat(config.get(SAMPLER).isNumber())
                .as("typed by the set's schema")
                .isTrue();
        assertThat(config.get(SAMPLER).decimalValue()).isEqualByComparingTo("0.1");
        assertThat(config.get("DATABASE_URL").asString())
                .as("its own values stay")
                .isEqualTo("jdbc:postgresql://db.prod:5432/payments");
        assertThat(fetch("/api/v1/config/checkout/dev?format=yaml").body())
                .contains(
                        "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector.dev.internal:4318",
                        "OTEL_TRACES_SAMPLER_ARG: 1.0");
        assertThat(fetch("/api/v1/config/checkout/dev?format=properties").body())
                .contains("OTEL_EXPORTER_OTLP_ENDPOINT=", "otel-collector.dev.internal");
        assertThat(fetch("/api/v1/config/checkout/dev?format=env").body()).contains("OTEL_TRACES_SAMPLER_ARG=");
        assertThat(json.readTree(fetch("/api/v1/config/search/production").body())
                        .has(ENDPOINT))
                .as("an application that includes nothing gets nothing of it")
                .isFalse();
    }

    @Test
    void the_resolved_settings_say_where_each_value_comes_from_with_secrets_masked() {
        Answer resolved = api.get("/api/v1/apps/payments/envs/production/resolved", "bob");

        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        JsonNode settings = resolved.json().get("settings");
        assertThat(resolved.json().get("revision").asString())
                .isEqualTo(store.head().id());
        assertThat(settings.get(ENDPOINT).get("value").asString()).isEqualTo("https://otel-collector.internal:4318");
        assertThat(settings.get(ENDPOINT).get("source").asString()).isEqualTo("shared:observability");
        assertThat(settings.get(SAMPLER).get("source").asString()).isEqualTo("default");
        assertThat(settings.get("LOG_LEVEL").get("source").asString()).isEqualTo("app");
        assertThat(settings.get("server.port").get("source").asString()).isEqualTo("default");
        assertThat(settings.get("DATABASE_PASSWORD").get("value").asString()).isEqualTo("••••••");
        assertThat(resolved.body()).doesNotContain("demo-production-password");

        assertThat(api.get("/api/v1/apps/payments/envs/production/resolved?reveal=true", "bob")
                        .status())
                .as("bob approves production but edits nothing")
                .isEqualTo(403);
        Answer revealed = api.get("/api/v1/apps/payments/envs/production/resolved?reveal=true", "carol");
        assertThat(revealed.json()
                        .get("settings")
                        .get("DATABASE_PASSWORD")
                        .get("value")
                        .asString())
                .isEqualTo("demo-production-password");
        assertThat(api.get("/api/v1/apps/payments/envs/nowhere/resolved", "bob").status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/apps/..%2Fetc/envs/production/resolved", "bob")
                        .status())
                .isIn(400, 404, 422);
        assertThat(api.get("/api/v1/apps/payments/envs/production/resolved", null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void a_client_gets_304_until_the_included_set_changes_and_then_the_new_value() throws Exception {
        var first = fetch("/api/v1/config/payments/staging");
        commit("search", "staging", "RESULTS_PER_PAGE", "30");

        assertThat(fetch("/api/v1/config/payments/staging", "If-None-Match", etag(first))
                        .statusCode())
                .isEqualTo(304);

        commit("observability", "staging", ENDPOINT, "http://collector-2.staging.internal:4318");
        var changed = fetch("/api/v1/config/payments/staging", "If-None-Match", etag(first));

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(etag(changed)).isNotEqualTo(etag(first));
        assertThat(json.readTree(changed.body()).get(ENDPOINT).asString())
                .isEqualTo("http://collector-2.staging.internal:4318");
    }

    @Test
    void a_waiting_client_wakes_when_the_included_set_changes() throws Exception {
        String etag = etag(fetch("/api/v1/config/checkout/production"));
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch("/api/v1/config/checkout/production?wait=20", "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.waiting() > 0);

        commit("observability", "production", "OTEL_SERVICE_NAMESPACE", "shop");

        var response = waiting.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("OTEL_SERVICE_NAMESPACE").asString())
                .isEqualTo("shop");
    }

    @Test
    @WithUserDetails("bob")
    void a_past_revision_serves_the_shared_values_as_they_were_then() throws Exception {
        String before = store.head().id();
        commit("observability", "dev", ENDPOINT, "http://collector-3.dev.internal:4318");

        JsonNode then =
                json.readTree(fetch("/api/v1/config/payments/dev?at=" + before).body());
        JsonNode now = json.readTree(fetch("/api/v1/config/payments/dev").body());

        assertThat(then.get(ENDPOINT).asString()).isEqualTo("http://otel-collector.dev.internal:4318");
        assertThat(now.get(ENDPOINT).asString()).isEqualTo("http://collector-3.dev.internal:4318");
        PastSettings.PastRow row = pastSettings.at(new AppName("payments"), before).rows().stream()
                .filter(r -> r.key().equals(ENDPOINT))
                .findFirst()
                .orElseThrow();
        assertThat(row.values().get("dev")).isEqualTo("http://otel-collector.dev.internal:4318");
        assertThat(row.sources().get("dev")).isEqualTo("shared:observability");
        assertThat(pastSettings.compare(new AppName("payments"), before, "now").changes())
                .as("the inherited change, named after the set that holds it")
                .anySatisfy(change -> assertThat(
                                change.app() + " " + change.env() + " " + change.key() + " " + change.after())
                        .isEqualTo("observability dev " + ENDPOINT + " http://collector-3.dev.internal:4318"));
    }

    @Test
    void the_spring_cloud_config_endpoint_answers_one_property_source_per_layer_the_application_first()
            throws Exception {
        JsonNode environment =
                json.readTree(fetch("/config/payments/production").body());

        List<String> names = environment.get("propertySources").findValuesAsString("name");
        assertThat(names)
                .containsExactly(
                        "strata:payments/production",
                        "strata:shared/observability/production",
                        "strata:defaults/payments",
                        "strata:defaults/observability");
        JsonNode shared = environment.get("propertySources").get(1).get("source");
        assertThat(shared.get(ENDPOINT).asString()).isEqualTo("https://otel-collector.internal:4318");
        assertThat(environment.get("propertySources").get(0).get("source").has(ENDPOINT))
                .isFalse();
    }

    @Test
    void the_listing_marks_shared_sets_and_who_uses_them() {
        JsonNode applications = api.get("/api/v1/apps", "bob").json().get("applications");

        JsonNode observability = applications
                .valueStream()
                .filter(a -> a.get("name").asString().equals("observability"))
                .findFirst()
                .orElseThrow();
        JsonNode payments = applications
                .valueStream()
                .filter(a -> a.get("name").asString().equals("payments"))
                .findFirst()
                .orElseThrow();
        assertThat(observability.get("shared").asBoolean()).isTrue();
        assertThat(observability.get("usedBy").valueStream().map(JsonNode::asString))
                .contains("checkout", "payments");
        assertThat(payments.get("shared").asBoolean()).isFalse();
        assertThat(payments.get("includes").valueStream().map(JsonNode::asString))
                .contains("observability");
        JsonNode schema = api.get("/api/v1/apps/payments/schema", "bob").json();
        assertThat(schema.get("includes").get(0).asString()).isEqualTo("observability");
        assertThat(api.get("/api/v1/apps/observability/schema", "bob")
                        .json()
                        .get("shared")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void includes_of_unknown_sets_of_itself_of_applications_in_cycles_and_of_bad_names_are_refused_with_422() {
        assertThat(create("a1", List.of("no-such-set")).body()).contains("there is no shared set no-such-set");
        assertThat(create("a2", List.of("a2")).body()).contains("a2 cannot include itself");
        assertThat(create("a3", List.of("search")).body()).contains("search is an application, not a shared set");
        assertThat(create("a4", List.of("../etc")).status()).isEqualTo(422);
        assertThat(create("a5", Collections.nCopies(1000, "observability")).status())
                .isEqualTo(422);
        assertThat(api.get("/api/v1/apps/a1/schema", "bob").status())
                .as("nothing was created")
                .isEqualTo(404);

        Answer kafka = api.send(
                "POST",
                "/api/v1/apps",
                "admin",
                Map.of("name", "kafka", "shared", true, "includes", List.of("observability")));
        assertThat(kafka.status()).as(kafka.body()).isEqualTo(201);
        Answer cycle = saveSchema("admin", "observability", true, List.of("kafka"));
        assertThat(cycle.status()).isEqualTo(422);
        assertThat(cycle.body()).contains("include itself through the sets it includes");
        Answer unshare = saveSchema("admin", "observability", false, List.of());
        assertThat(unshare.status()).isEqualTo(422);
        assertThat(unshare.body()).contains("stays a shared set while checkout, kafka, payments include it");
        assertThat(saveSchema("erin", "payments", true, List.of("observability"))
                        .status())
                .as("only admins make shared sets")
                .isEqualTo(403);
        assertThat(saveSchema("erin", "payments", false, List.of("observability", "kafka"))
                        .status())
                .as("the owners decide what their application includes")
                .isEqualTo(200);
    }

    private Answer create(String name, List<String> includes) {
        Answer answer = api.send("POST", "/api/v1/apps", "admin", Map.of("name", name, "includes", includes));
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        return answer;
    }

    private Answer saveSchema(String user, String app, boolean shared, List<String> includes) {
        JsonNode read = api.get("/api/v1/apps/" + app + "/schema", user).json();
        var body = (tools.jackson.databind.node.ObjectNode) json.readTree(read.toString());
        body.put("baseRevision", read.get("revision").asString());
        body.remove("revision");
        body.put("shared", shared);
        var list = body.putArray("includes");
        includes.forEach(list::add);
        return api.send("PUT", "/api/v1/apps/" + app + "/schema", user, body.toString());
    }

    @Test
    void promoting_the_shared_set_reaches_the_serving_of_every_including_application() throws Exception {
        Answer opened = api.send(
                "POST",
                "/api/v1/change-requests",
                "alice",
                Map.of(
                        "kind",
                        "promotion",
                        "app",
                        "observability",
                        "target",
                        "staging",
                        "keys",
                        List.of(SAMPLER),
                        "title",
                        "Full tracing in staging"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        long id = opened.json().get("id").asLong();
        assertThat(opened.json()
                        .get("reaches")
                        .valueStream()
                        .map(r -> r.get("app").asString() + "/" + r.get("env").asString()))
                .as("and a set that includes it, if another test made one")
                .contains("checkout/staging", "payments/staging")
                .doesNotContain("search/staging");

        assertThat(api.send("POST", "/api/v1/change-requests/" + id + "/approvals", "bob", null)
                        .status())
                .isEqualTo(200);
        Answer merged = api.send("POST", "/api/v1/change-requests/" + id + "/merge", "alice", null);
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);

        assertThat(json.readTree(fetch("/api/v1/config/checkout/staging").body())
                        .get(SAMPLER)
                        .decimalValue())
                .isEqualByComparingTo("1.0");
        assertThat(api.get("/api/v1/apps/payments/envs/staging/resolved", "bob")
                        .json()
                        .get("settings")
                        .get(SAMPLER)
                        .get("source")
                        .asString())
                .isEqualTo("shared:observability");
    }

    @Test
    void an_application_including_three_sets_of_500_keys_gets_every_key_from_the_set_that_ranks_highest()
            throws Exception {
        // the configuration bench/serving measures; here only what it holds
        for (int set = 1; set <= 3; set++) {
            String name = "wide-set-" + set;
            assertThat(api.send("POST", "/api/v1/apps", "admin", Map.of("name", name, "shared", true))
                            .status())
                    .isEqualTo(201);
            Map<String, String> values = new TreeMap<>();
            for (int i = 1; i <= 500; i++) {
                values.put("KEY_%04d".formatted(i + (set - 1) * 100), "value " + i + " of set " + set);
            }
            String base = api.get("/api/v1/apps/" + name + "/envs/dev/settings", "carol")
                    .json()
                    .get("revision")
                    .asString();
            Answer saved = api.send(
                    "PATCH",
                    "/api/v1/apps/" + name + "/envs/dev/settings",
                    "carol",
                    Map.of("baseRevision", base, "message", "500 keys", "set", values));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        }
        assertThat(api.send(
                                "POST",
                                "/api/v1/apps",
                                "admin",
                                Map.of("name", "wide", "includes", List.of("wide-set-1", "wide-set-2", "wide-set-3")))
                        .status())
                .isEqualTo(201);

        JsonNode config = json.readTree(fetch("/api/v1/config/wide/dev").body());

        assertThat(config.size()).isEqualTo(700);
        assertThat(config.get("KEY_0001").asString()).isEqualTo("value 1 of set 1");
        assertThat(config.get("KEY_0150").asString()).as("in sets 1 and 2").isEqualTo("value 50 of set 2");
        assertThat(config.get("KEY_0300").asString()).as("in all three").isEqualTo("value 100 of set 3");
    }

    @Test
    @WithUserDetails("carol")
    void the_application_table_shows_inherited_values_with_their_set_and_counts_them_in_differences() {
        commit("observability", "dev", "OTEL_LOGS_EXPORTER", "otlp");

        SettingsTable table = settings.table(new AppName("payments"));

        SettingsTable.Row endpoint = table.row(new SettingKey(ENDPOINT)).orElseThrow();
        SettingsTable.Cell production = endpoint.cell(new EnvName("production"));
        assertThat(production.value()).as("payments sets none itself").isNull();
        assertThat(production.inherited()).isEqualTo("https://otel-collector.internal:4318");
        assertThat(production.inheritedFrom()).isEqualTo("observability");
        assertThat(endpoint.differs()).as("envSpecific in the set's schema").isFalse();
        SettingsTable.Row logs = table.row(new SettingKey("OTEL_LOGS_EXPORTER")).orElseThrow();
        assertThat(logs.cell(new EnvName("staging")).differsFromPrevious())
                .as("dev inherits otlp, staging nothing: a difference")
                .isTrue();
        assertThat(table.row(new SettingKey("LOG_LEVEL"))
                        .orElseThrow()
                        .cell(new EnvName("dev"))
                        .inheritedFrom())
                .isNull();
    }

    @Test
    void a_secret_of_a_set_is_served_opened_masked_in_the_api_and_never_overridden_in_plaintext() throws Exception {
        assertThat(api.send(
                                "POST",
                                "/api/v1/apps",
                                "admin",
                                Map.of(
                                        "name",
                                        "vault",
                                        "shared",
                                        true,
                                        "keys",
                                        Map.of("API_TOKEN", Map.of("type", "string", "secret", true))))
                        .status())
                .isEqualTo(201);
        assertThat(api.send("POST", "/api/v1/apps", "admin", Map.of("name", "consumer", "includes", List.of("vault")))
                        .status())
                .isEqualTo(201);
        String base = api.get("/api/v1/apps/vault/envs/dev/settings", "carol")
                .json()
                .get("revision")
                .asString();
        assertThat(api.send(
                                "PATCH",
                                "/api/v1/apps/vault/envs/dev/settings",
                                "carol",
                                Map.of(
                                        "baseRevision",
                                        base,
                                        "message",
                                        "token",
                                        "set",
                                        Map.of("API_TOKEN", "t0p-s3cret")))
                        .status())
                .isEqualTo(200);

        assertThat(json.readTree(fetch("/api/v1/config/consumer/dev").body())
                        .get("API_TOKEN")
                        .asString())
                .as("opened with the set that holds it")
                .isEqualTo("t0p-s3cret");
        Answer masked = api.get("/api/v1/apps/consumer/envs/dev/resolved", "alice");
        assertThat(masked.json().get("settings").get("API_TOKEN").get("value").asString())
                .isEqualTo("••••••");
        assertThat(masked.body()).doesNotContain("t0p-s3cret");
        assertThat(api.get("/api/v1/apps/consumer/envs/dev/resolved?reveal=true", "alice")
                        .json()
                        .get("settings")
                        .get("API_TOKEN")
                        .get("value")
                        .asString())
                .isEqualTo("t0p-s3cret");
        assertThat(fetch("/api/v1/config/consumer/dev?format=configmap").body())
                .as("a Kubernetes ConfigMap never holds a secret, also an inherited one")
                .doesNotContain("API_TOKEN", "t0p-s3cret");
        assertThat(fetch("/api/v1/config/consumer/dev?format=secret").body()).contains("API_TOKEN: t0p-s3cret");

        String head = api.get("/api/v1/apps/consumer/envs/dev/settings", "carol")
                .json()
                .get("revision")
                .asString();
        Answer override = api.send(
                "PATCH",
                "/api/v1/apps/consumer/envs/dev/settings",
                "carol",
                Map.of("baseRevision", head, "message", "override", "set", Map.of("API_TOKEN", "plain-override")));
        assertThat(override.status()).isEqualTo(422);
        assertThat(override.body()).contains("is secret in the shared set vault");
    }
}
