package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.GitCli;
import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.editing.SettingsTransfer;
import dev.strata.formats.FileFormat;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

/** Serving configuration to applications with API tokens, against a running Strata with demo data. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class ServingApiTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String PROD_TOKEN = "prod-token-0123456789abcdef";
    static final String ALL_TOKEN = "all-token-0123456789abcdef";
    static final String EXPIRED_TOKEN = "expired-token-0123456789abcdef";
    static final String TEAM_TOKEN = "team-token-0123456789abcdef";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-production
                    sha256: %s
                    scopes: [payments:production]
                  - name: everything
                    sha256: %s
                    scopes: ["*:*"]
                  - name: last-year
                    sha256: %s
                    scopes: ["*:*"]
                    expires: 2020-01-01
                  - name: team-payments
                    sha256: %s
                    scopes: ["team:team-payments:*"]
                """.formatted(
                        TokenDirectory.sha256(PROD_TOKEN),
                        TokenDirectory.sha256(ALL_TOKEN),
                        TokenDirectory.sha256(EXPIRED_TOKEN),
                        TokenDirectory.sha256(TEAM_TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigWatch watch;

    @Autowired
    ConfigStore store;

    @Autowired
    SettingsTransfer transfer;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

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

    @Test
    void a_scoped_token_gets_the_resolved_typed_configuration_with_the_revision_as_etag() throws Exception {
        var response = get("/api/v1/config/payments/production", PROD_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag"))
                .hasValue("\"" + store.head().id() + "\"");
        JsonNode config = json.readTree(response.body());
        assertThat(config.get("server.port").isNumber())
                .as("int keys are JSON numbers")
                .isTrue();
        assertThat(config.get("server.port").asInt()).as("schema default").isEqualTo(8080);
        assertThat(config.get("FEATURE_NEW_CHECKOUT").isBoolean()).isTrue();
        assertThat(config.get("DATABASE_URL").asString()).isEqualTo("jdbc:postgresql://db.prod:5432/payments");
    }

    @Test
    void without_a_valid_token_the_answer_is_401_and_a_persons_password_is_no_token() throws Exception {
        String basicAlice = "Basic " + Base64.getEncoder().encodeToString("alice:demo".getBytes());

        assertThat(get("/api/v1/config/payments/production", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/config/payments/production", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(get("/api/v1/config/payments/production", "x".repeat(600)).statusCode())
                .isEqualTo(401);
        assertThat(get("/api/v1/config/payments/production", null, "Authorization", basicAlice)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void the_token_may_be_the_password_of_http_basic() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + PROD_TOKEN).getBytes());

        assertThat(get("/api/v1/config/payments/production", null, "Authorization", basic)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void outside_its_scope_a_token_gets_403_whether_or_not_the_target_exists() throws Exception {
        assertThat(get("/api/v1/config/payments/dev", PROD_TOKEN).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/config/checkout/production", PROD_TOKEN).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/config/no-such-app/production", PROD_TOKEN).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/config/no-such-app/dev", ALL_TOKEN).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/config/payments/qa", ALL_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void a_team_token_fetches_every_application_the_team_owns_and_nothing_else() throws Exception {
        assertThat(get("/api/v1/config/payments/production", TEAM_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/config/payments/staging?format=yaml", TEAM_TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/config/payments/production", TEAM_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/config/checkout/dev", TEAM_TOKEN).statusCode())
                .as("owned by team-checkout")
                .isEqualTo(403);
        assertThat(get("/config/checkout/dev", TEAM_TOKEN).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/config/no-such-app/dev", TEAM_TOKEN).statusCode())
                .isEqualTo(403);
    }

    @Test
    void path_tricks_never_reach_a_file() throws Exception {
        for (String path : new String[] {
            "/api/v1/config/..%252F..%252Fetc/dev",
            "/api/v1/config/%2e%2e/dev",
            "/api/v1/config/.git/dev",
            "/config/..%2F/dev",
            "/api/v1/config/payments/..%2Fdev"
        }) {
            var response = get(path, ALL_TOKEN);
            assertThat(response.statusCode()).as(path).isIn(400, 404, 422);
            assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain("DATABASE");
        }
    }

    @Test
    void other_paths_and_methods_get_the_apis_json_errors() throws Exception {
        for (String path : new String[] {
            "/api/v1/config/payments",
            "/api/v1/config/payments/production/extra",
            "/api/v1/config/payments/",
            "/api/v1/config"
        }) {
            var response = get(path, ALL_TOKEN);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json.readTree(response.body()).get("error").asString())
                    .as(path)
                    .isEqualTo("not_found");
        }
        var post = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/config/payments/production"))
                        .header("Authorization", "Bearer " + ALL_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(json.readTree(post.body()).get("error").asString()).isEqualTo("method_not_allowed");
        var head = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/config/payments/production"))
                        .header("Authorization", "Bearer " + ALL_TOKEN)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("ETag")).isPresent();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void the_formats_are_chosen_by_parameter_or_accept_header() throws Exception {
        var yaml = get("/api/v1/config/payments/production?format=yaml", PROD_TOKEN);
        var properties = get("/api/v1/config/payments/production?format=properties", PROD_TOKEN);
        var env = get("/api/v1/config/payments/production?format=env", PROD_TOKEN);
        var accepted = get("/api/v1/config/payments/production", PROD_TOKEN, "Accept", "application/yaml");

        assertThat(yaml.body()).contains("server.port: 8080").contains("FEATURE_NEW_CHECKOUT: false");
        assertThat(accepted.body()).isEqualTo(yaml.body());
        assertThat(properties.body())
                .contains("server.port=8080\n")
                .contains("DATABASE_URL=jdbc\\:postgresql\\://db.prod\\:5432/payments");
        assertThat(env.body()).contains("SERVER_PORT=8080\n").contains("FEATURE_NEW_CHECKOUT=false\n");
        assertThat(get("/api/v1/config/payments/production?format=xml", PROD_TOKEN)
                        .body())
                .contains("json, yaml, properties, env");
        assertThat(get("/api/v1/config/payments/production?format=xml", PROD_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/config/payments/production", PROD_TOKEN, "Accept", "image/png")
                        .statusCode())
                .isEqualTo(406);
    }

    @Test
    void a_client_with_the_current_copy_gets_304_until_its_configuration_changes() throws Exception {
        String etag = get("/api/v1/config/payments/production", PROD_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        assertThat(get("/api/v1/config/payments/production", PROD_TOKEN, "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        commit("checkout", "dev", "MAX_ITEMS", "7");
        assertThat(get("/api/v1/config/payments/production", PROD_TOKEN, "If-None-Match", etag)
                        .statusCode())
                .as("another application changed")
                .isEqualTo(304);
        commit("payments", "production", "LOG_LEVEL", "ERROR");
        var changed = get("/api/v1/config/payments/production", PROD_TOKEN, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"LOG_LEVEL\":\"ERROR\"");
    }

    @Test
    void a_past_state_is_served_by_revision() throws Exception {
        String before = store.head().id();
        commit("payments", "production", "HTTP_TIMEOUT", "3s");

        assertThat(get("/api/v1/config/payments/production?at=" + before, PROD_TOKEN)
                        .body())
                .doesNotContain("\"3s\"");
        assertThat(get("/api/v1/config/payments/production", PROD_TOKEN).body()).contains("\"HTTP_TIMEOUT\":\"3s\"");
        assertThat(get("/api/v1/config/payments/production?at=" + "0".repeat(40), PROD_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/config/payments/production?at=HEAD~1", PROD_TOKEN)
                        .statusCode())
                .isEqualTo(422);
    }

    @Test
    void a_waiting_client_gets_a_change_once_it_is_committed() throws Exception {
        String etag = get("/api/v1/config/payments/production", PROD_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/api/v1/config/payments/production?wait=20", PROD_TOKEN, "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.waiting() > 0);
        assertThat(waiting).isNotDone();

        commit("payments", "production", "LOG_LEVEL", "DEBUG");
        // how fast it arrives is measured in bench/serving (5,000 waiters), not here
        var response = waiting.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"LOG_LEVEL\":\"DEBUG\"");
    }

    @Test
    void waiters_of_one_configuration_in_two_formats_and_of_another_each_get_their_own_answer() throws Exception {
        String production = get("/api/v1/config/payments/production", ALL_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        String checkout = get("/api/v1/config/checkout/dev", ALL_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        List<CompletableFuture<HttpResponse<String>>> json = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> yaml = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                json.add(waitFor(clients, "/api/v1/config/payments/production?wait=20", production));
                yaml.add(waitFor(clients, "/api/v1/config/payments/production?wait=20&format=yaml", production));
                others.add(waitFor(clients, "/api/v1/config/checkout/dev?wait=3", checkout));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.waiting() >= 9);

            commit("payments", "production", "LOG_LEVEL", "WARN");

            for (var waiting : json) {
                var response = waiting.get(10, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("\"LOG_LEVEL\":\"WARN\"");
            }
            for (var waiting : yaml) {
                var response = waiting.get(10, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("LOG_LEVEL: WARN");
            }
            for (var waiting : others) {
                var response = waiting.get(10, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("checkout did not change").isEqualTo(304);
                assertThat(response.headers().firstValue("ETag")).hasValue(checkout);
            }
        }
    }

    private CompletableFuture<HttpResponse<String>> waitFor(ExecutorService clients, String path, String etag) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return get(path, ALL_TOKEN, "If-None-Match", etag);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                clients);
    }

    @Test
    void a_wait_without_change_ends_with_304_and_bad_waits_are_refused() throws Exception {
        String etag = get("/api/v1/config/search/production", ALL_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        var response = get("/api/v1/config/search/production?wait=1", ALL_TOKEN, "If-None-Match", etag);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(get("/api/v1/config/search/production?wait=0", ALL_TOKEN).statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/config/search/production?wait=61", ALL_TOKEN).statusCode())
                .isEqualTo(400);
        var notANumber = get("/api/v1/config/search/production?wait=soon", ALL_TOKEN);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("wait must be a whole number of seconds between 1 and 60");
    }

    @Test
    @WithUserDetails("alice")
    void a_download_is_byte_for_byte_what_serving_answers_in_every_format() throws Exception {
        commit("checkout", "dev", "GREETING", "it's \"quoted\" # not a comment: 8080\nline two");
        commit("checkout", "dev", "MAX_ITEMS", "75");

        for (FileFormat format : FileFormat.values()) {
            String served = get("/api/v1/config/checkout/dev?format=" + format.extension(), ALL_TOKEN)
                    .body();
            assertThat(transfer.export(new AppName("checkout"), new EnvName("dev"), format)
                            .content())
                    .as(format.label())
                    .isEqualTo(served);
        }
        assertThat(get("/api/v1/config/checkout/dev?format=env", ALL_TOKEN).body())
                .contains("MAX_ITEMS=75\n", "SERVER_PORT=8080\n");
    }

    @Test
    void two_keys_that_become_one_environment_variable_are_refused_as_env_naming_both() throws Exception {
        commit("search", "staging", "DB_URL", "jdbc:postgresql://a/x");
        commit("search", "staging", "db.url", "jdbc:postgresql://b/x");

        var env = get("/api/v1/config/search/staging?format=env", ALL_TOKEN);

        assertThat(env.statusCode()).isEqualTo(422);
        assertThat(json.readTree(env.body()).get("message").asString())
                .contains("DB_URL and db.url all become the environment variable DB_URL");
        assertThat(get("/api/v1/config/search/staging?format=json", ALL_TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void text_beyond_ascii_arrives_intact_in_every_format() throws Exception {
        commit("checkout", "dev", "GREETING", "café ✓");

        var env = get("/api/v1/config/checkout/dev?format=env", ALL_TOKEN);
        var properties = get("/api/v1/config/checkout/dev?format=properties", ALL_TOKEN);

        assertThat(env.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(env.body()).contains("GREETING='café ✓'\n");
        assertThat(properties.body()).contains("GREETING=caf\\u00E9 \\u2713\n");
        assertThat(get("/api/v1/config/checkout/dev?format=json", ALL_TOKEN).body())
                .contains("\"GREETING\":\"café ✓\"");
        assertThat(get("/api/v1/config/checkout/dev?format=yaml", ALL_TOKEN).body())
                .contains("GREETING: café ✓\n");
    }

    @Test
    void a_waiting_client_whose_configuration_breaks_gets_the_error_a_new_request_gets() throws Exception {
        String etag = get("/api/v1/config/checkout/staging", ALL_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/api/v1/config/checkout/staging?wait=20", ALL_TOKEN, "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.waiting() > 0);
        Path clone = Files.createTempDirectory(DATA_DIR, "clone");
        GitCli.run(null, "clone", "-q", DATA_DIR.resolve("config.git").toString(), clone.toString());
        Files.writeString(clone.resolve("environments/staging/checkout.yaml"), "MAX_ITEMS: [unclosed\n");
        GitCli.asMallory(clone, "commit", "-q", "-am", "Break the staging settings of checkout");
        GitCli.asMallory(clone, "push", "-q", "origin", "main");

        var response = waiting.get(10, TimeUnit.SECONDS);

        var fresh = get("/api/v1/config/checkout/staging", ALL_TOKEN);
        assertThat(fresh.statusCode()).isEqualTo(503);
        assertThat(response.statusCode()).isEqualTo(fresh.statusCode());
        assertThat(response.body()).isEqualTo(fresh.body());
        GitCli.asMallory(clone, "revert", "--no-edit", "HEAD");
        GitCli.asMallory(clone, "push", "-q", "origin", "main");
    }

    @Test
    void every_commit_is_served_as_soon_as_it_is_acknowledged() throws Exception {
        for (int i = 0; i < 5; i++) {
            String revision = commit("checkout", "dev", "MAX_ITEMS", Integer.toString(20 + i));

            var response = get("/api/v1/config/checkout/dev", ALL_TOKEN);

            assertThat(response.headers().firstValue("ETag")).hasValue("\"" + revision + "\"");
            assertThat(json.readTree(response.body()).get("MAX_ITEMS").asInt()).isEqualTo(20 + i);
        }
    }

    @Test
    void a_push_by_plain_git_into_the_data_directory_is_served_within_moments() throws Exception {
        get("/api/v1/config/checkout/staging", ALL_TOKEN); // the head as it was, known to the serving path
        Path clone = Files.createTempDirectory(DATA_DIR, "clone");
        GitCli.run(null, "clone", "-q", DATA_DIR.resolve("config.git").toString(), clone.toString());
        Path settings = clone.resolve("environments/staging/checkout.yaml");
        Files.writeString(settings, Files.readString(settings).replaceAll("CART_TTL: .*", "CART_TTL: 45m"));
        GitCli.asMallory(clone, "commit", "-q", "-am", "A cart TTL from outside");
        GitCli.asMallory(clone, "push", "-q", "origin", "main");
        String pushed = GitCli.run(clone, "rev-parse", "HEAD").strip();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var response = get("/api/v1/config/checkout/staging", ALL_TOKEN);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"" + pushed + "\"");
            assertThat(json.readTree(response.body()).get("CART_TTL").asString())
                    .isEqualTo("45m");
        });
    }

    @Test
    void an_optional_secret_that_does_not_decrypt_is_left_out_instead_of_served_broken() throws Exception {
        commit("payments", "dev", "DATABASE_PASSWORD", "ENC[v1:00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]");

        var response = get("/api/v1/config/payments/dev", ALL_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).has("DATABASE_URL")).isTrue();
        assertThat(response.body()).doesNotContain("DATABASE_PASSWORD", "AAAAAAAA");
    }

    @Test
    void the_spring_cloud_config_protocol_lists_profiles_highest_priority_first() throws Exception {
        var response = get("/config/search/dev,production", ALL_TOKEN);

        JsonNode environment = json.readTree(response.body());
        assertThat(environment.get("name").asString()).isEqualTo("search");
        assertThat(environment.get("version").asString()).isEqualTo(store.head().id());
        assertThat(environment.get("propertySources").findValuesAsString("name"))
                .containsExactly("strata:search/production", "strata:search/dev", "strata:defaults/search");
        assertThat(get("/config/payments/production,dev", PROD_TOKEN).statusCode())
                .as("dev is outside the scope")
                .isEqualTo(403);
        assertThat(get("/config/payments/production/" + "0".repeat(40), PROD_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        var springDefault =
                json.readTree(get("/config/payments/default", PROD_TOKEN).body());
        assertThat(springDefault.get("propertySources").isEmpty())
                .as("Spring's default profile is no environment")
                .isTrue();
    }

    @Test
    void every_spring_cloud_config_profile_form_checks_the_scope_before_whether_the_application_exists()
            throws Exception {
        for (String path : List.of(
                "/config/checkout/default",
                "/config/no-such-app/default",
                "/config/checkout/,",
                "/config/checkout/default,",
                "/config/checkout/default/main",
                "/config/no-such-app/default/" + store.head().id(),
                "/config/checkout/default,production",
                "/config/checkout/production,default")) {
            assertThat(get(path, PROD_TOKEN).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(get("/config/no-such-app/default", ALL_TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/config/no-such-app/,", ALL_TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/config/payments/default", PROD_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/config/payments/default/" + "0".repeat(40), PROD_TOKEN).statusCode())
                .as("an unknown label")
                .isEqualTo(404);
    }

    @Test
    void the_proposal_of_an_open_change_request_is_never_served_as_a_past_state() throws Exception {
        String pastMain = store.head().id();
        commit("payments", "production", "HTTP_TIMEOUT", "4s");
        var api = new ApiClient(port);
        var opened = api.send(
                "POST",
                "/api/v1/change-requests",
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        "payments",
                        "target",
                        "production",
                        "title",
                        "New database",
                        "set",
                        Map.of("DATABASE_URL", "jdbc:postgresql://proposed:5432/x")));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String proposal = GitCli.in(
                        DATA_DIR.resolve("config.git"),
                        "rev-parse",
                        "refs/heads/changes/" + opened.json().get("id").asLong())
                .strip();

        var atProposal = get("/api/v1/config/payments/production?at=" + proposal, PROD_TOKEN);
        var atUnknown = get("/api/v1/config/payments/production?at=" + "0".repeat(40), PROD_TOKEN);
        assertThat(atProposal.statusCode()).isEqualTo(404);
        assertThat(atProposal.body())
                .doesNotContain("proposed")
                .isEqualTo(atUnknown
                        .body()
                        .replace("0".repeat(40), proposal)
                        .replace("0".repeat(7), proposal.substring(0, 7)));
        var labelled = get("/config/payments/production/" + proposal, PROD_TOKEN);
        assertThat(labelled.statusCode()).isEqualTo(404);
        assertThat(labelled.body()).doesNotContain("proposed");
        assertThat(get("/config/payments/default/" + proposal, PROD_TOKEN).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/config/payments/staging", ALL_TOKEN, "If-None-Match", "\"" + proposal + "\"")
                        .statusCode())
                .as("a proposal is no copy a client can hold, even where it changes nothing")
                .isEqualTo(200);
        assertThat(api.get("/api/v1/history/" + proposal, "alice").status()).isEqualTo(404);

        assertThat(get("/api/v1/config/payments/production?at=" + pastMain, PROD_TOKEN)
                        .body())
                .as("a past commit of main is served")
                .doesNotContain("4s");
        assertThat(get("/config/payments/production/" + pastMain, PROD_TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void an_expired_token_is_refused_with_401_saying_only_that_it_expired() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("config-client:" + EXPIRED_TOKEN).getBytes());
        for (var response : List.of(
                get("/api/v1/config/payments/production", EXPIRED_TOKEN),
                get("/config/payments/production", null, "Authorization", basic))) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = json.readTree(response.body());
            assertThat(error.get("error").asString()).isEqualTo("token_expired");
            assertThat(response.body()).doesNotContain("last-year", "2020", "payments");
        }
    }
}
