package dev.strata.instances;

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
import dev.strata.security.TokenDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Instances that name themselves while fetching their configuration, and the list of them, on a running Strata. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class InstancesApiTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String PROD_TOKEN = "prod-token-0123456789abcdef";
    static final String ALL_TOKEN = "all-token-0123456789abcdef";

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
                """.formatted(
                        TokenDirectory.sha256(PROD_TOKEN), TokenDirectory.sha256(ALL_TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    SharedSightings sharedSightings;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiClient api;

    private ApiClient api() {
        if (api == null) {
            api = new ApiClient(port);
        }
        return api;
    }

    private HttpResponse<String> fetch(String path, String token, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
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

    private JsonNode instances(String app, String env) {
        var answer = api().get("/api/v1/apps/" + app + "/envs/" + env + "/instances", "bob");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /**
     * Waits until {@code id} is listed with {@code revision}: a sighting is recorded once its answer is
     * sent, so a client may read the answer a moment before it is listed (on a loaded machine, seen).
     */
    private void seen(String app, String env, String id, String revision) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode instance = instance(app, env, id);
            return instance != null && instance.get("revision").asString().equals(revision);
        });
    }

    private JsonNode instance(String app, String env, String id) {
        return StreamSupport.stream(instances(app, env).get("instances").spliterator(), false)
                .filter(node -> node.get("id").asString().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void two_instances_are_listed_with_the_revision_each_was_served_and_the_one_behind_is_not_current() {
        String before = fetch(
                        "/api/v1/config/payments/production",
                        PROD_TOKEN,
                        "Strata-Instance",
                        "pay-7f9c",
                        "Strata-Labels",
                        "zone=eu-1,canary=true")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        String after = commit("payments", "production", "LOG_LEVEL", "ERROR");
        fetch("/api/v1/config/payments/production?format=yaml", PROD_TOKEN, "Strata-Instance", "pay-a1b2");
        seen("payments", "production", "pay-7f9c", before.replace("\"", ""));
        seen("payments", "production", "pay-a1b2", after);

        JsonNode list = instances("payments", "production");
        assertThat(list.get("revision").asString()).isEqualTo(after);
        JsonNode lagging = instance("payments", "production", "pay-7f9c");
        assertThat(lagging.get("revision").asString()).isEqualTo(before.replace("\"", ""));
        assertThat(lagging.get("current").asBoolean()).isFalse();
        assertThat(lagging.get("labels").get("canary").asString()).isEqualTo("true");
        assertThat(lagging.get("token").asString()).isEqualTo("payments-production");
        assertThat(lagging.get("address").asString()).isNotBlank();
        assertThat(lagging.get("lastSeen").asString()).isNotBlank();
        assertThat(lagging.get("stale").asBoolean()).isFalse();
        JsonNode current = instance("payments", "production", "pay-a1b2");
        assertThat(current.get("revision").asString()).isEqualTo(after);
        assertThat(current.get("current").asBoolean()).isTrue();

        fetch("/api/v1/config/payments/production", PROD_TOKEN, "Strata-Instance", "pay-7f9c", "If-None-Match", before);
        seen("payments", "production", "pay-7f9c", after);
        assertThat(instance("payments", "production", "pay-7f9c").get("current").asBoolean())
                .as("it fetched the change")
                .isTrue();
    }

    @Test
    void an_instance_answered_304_keeps_its_revision_and_stays_current_while_other_applications_change() {
        String etag = fetch("/api/v1/config/checkout/production", ALL_TOKEN, "Strata-Instance", "co-1")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        commit("payments", "dev", "LOG_LEVEL", "WARN");

        var answer = fetch(
                "/api/v1/config/checkout/production", ALL_TOKEN, "Strata-Instance", "co-1", "If-None-Match", etag);

        assertThat(answer.statusCode()).isEqualTo(304);
        JsonNode instance = instance("checkout", "production", "co-1");
        assertThat(instance.get("revision").asString()).isEqualTo(etag.replace("\"", ""));
        assertThat(instance.get("revision").asString())
                .isNotEqualTo(store.head().id());
        assertThat(instance.get("current").asBoolean()).isTrue();
    }

    @Test
    void a_waiting_instance_is_recorded_when_its_wait_ends() {
        String etag = fetch("/api/v1/config/checkout/staging", ALL_TOKEN)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        var answer = fetch(
                "/api/v1/config/checkout/staging?wait=1",
                ALL_TOKEN,
                "Strata-Instance",
                "co-watch",
                "If-None-Match",
                etag);

        assertThat(answer.statusCode())
                .as("answered by the watch, asynchronously")
                .isEqualTo(304);
        await().atMost(Duration.ofSeconds(10)).until(() -> instance("checkout", "staging", "co-watch") != null);
        assertThat(instance("checkout", "staging", "co-watch").get("revision").asString())
                .isEqualTo(etag.replace("\"", ""));
    }

    @Test
    void the_spring_cloud_config_endpoint_records_the_instance_in_each_environment_it_asked_for() {
        var answer = fetch(
                "/config/payments/default,production",
                PROD_TOKEN,
                "Strata-Instance",
                "boot-1",
                "Strata-Labels",
                "zone=eu-2");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode instance = instance("payments", "production", "boot-1");
        assertThat(instance.get("revision").asString()).isEqualTo(store.head().id());
        assertThat(instance.get("labels").get("zone").asString()).isEqualTo("eu-2");
    }

    @Test
    void clients_without_an_instance_id_are_counted_as_unnamed() {
        fetch("/api/v1/config/search/staging", ALL_TOKEN);
        fetch("/api/v1/config/search/staging?format=env", ALL_TOKEN);

        JsonNode list = instances("search", "staging");
        assertThat(list.get("unnamed").asInt()).as("one address").isEqualTo(1);
        assertThat(list.get("instances").isEmpty()).isTrue();
    }

    @Test
    void a_refused_request_records_nothing() {
        assertThat(fetch("/api/v1/config/payments/dev", PROD_TOKEN, "Strata-Instance", "intruder")
                        .statusCode())
                .isEqualTo(403);
        assertThat(fetch("/api/v1/config/nothing/dev", ALL_TOKEN, "Strata-Instance", "intruder")
                        .statusCode())
                .isEqualTo(404);
        assertThat(fetch("/api/v1/config/payments/dev?wait=0", ALL_TOKEN, "Strata-Instance", "intruder")
                        .statusCode())
                .isEqualTo(400);

        assertThat(instance("payments", "dev", "intruder")).isNull();
    }

    @Test
    void bad_headers_are_ignored_and_the_answer_is_the_same_as_without_them() {
        String thousandLabels =
                IntStream.range(0, 1000).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        List<String> badHeaders = List.of(
                "Strata-Instance: " + "x".repeat(129),
                "Strata-Instance: pay\t1",
                "Strata-Instance: p\u00e4y-1",
                "Strata-Instance: ../../x",
                "Strata-Instance: bad-labels\r\nStrata-Labels: " + thousandLabels,
                "Strata-Instance: bad-labels\r\nStrata-Labels: zone=\u00e9u\tx",
                "Strata-Instance: bad-labels\r\nStrata-Labels: zone=eu;rm -rf");
        for (String path : List.of(
                "/api/v1/config/payments/production",
                "/api/v1/config/payments/production?format=properties",
                "/config/payments/production")) {
            String plain = withoutDate(raw(path, List.of()));
            for (String bad : badHeaders) {
                assertThat(withoutDate(raw(path, List.of(bad))))
                        .as(path + " with " + bad.lines().findFirst().orElseThrow())
                        .isEqualTo(plain);
            }
        }
        List<String> listed = new ArrayList<>();
        instances("payments", "production")
                .get("instances")
                .forEach(node -> listed.add(node.get("id").asString()));
        assertThat(listed)
                .doesNotContain("x".repeat(129), "../../x")
                .noneMatch(id -> id.startsWith("pay\t") || id.startsWith("p\u00e4"));
        assertThat(instance("payments", "production", "bad-labels")
                        .get("labels")
                        .isEmpty())
                .isTrue();
    }

    /** The whole answer, bytes as sent: status line, headers and body, to a request sent over a plain socket. */
    private String raw(String path, List<String> headers) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            var head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + PROD_TOKEN + "\r\n");
            headers.forEach(header -> head.append(header).append("\r\n"));
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            var answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutDate(String answer) {
        return answer.lines().filter(line -> !line.startsWith("Date:")).collect(Collectors.joining("\n"));
    }

    @Test
    void the_list_is_for_people_signed_in_not_for_tokens_nor_anyone_else() {
        String path = "/api/v1/apps/payments/envs/production/instances";

        assertThat(api().get(path, null).status()).isEqualTo(401);
        assertThat(fetchStatus(path, PROD_TOKEN))
                .as("a token, even one for payments in production")
                .isEqualTo(401);
        assertThat(api().get(path, "dave").status())
                .as("anyone signed in reads settings, masked")
                .isEqualTo(200);
        assertThat(api().get("/api/v1/apps/nothing/envs/production/instances", "bob")
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/apps/payments/envs/nowhere/instances", "bob")
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/apps/..%2Fx/envs/production/instances", "bob")
                        .status())
                .isIn(400, 404);
    }

    private int fetchStatus(String path, String token) {
        return fetch(path, token).statusCode();
    }

    @Test
    void without_a_remote_nothing_is_published_and_the_list_is_this_strata_instances_own() {
        fetch("/api/v1/config/search/production", ALL_TOKEN, "Strata-Instance", "alone-1");

        sharedSightings.publish();

        assertThat(context.getBeanNamesForType(InstancesConfiguration.Publication.class))
                .as("no schedule")
                .isEmpty();
        assertThat(DATA_DIR.resolve(StrataInstanceId.FILE)).doesNotExist();
        assertThat(GitCli.in(DATA_DIR.resolve("config.git"), "for-each-ref", "refs/strata/instances/"))
                .isEmpty();
        assertThat(instance("search", "production", "alone-1")).isNotNull();
    }
}
