package dev.strata.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.FreshDataDirectory;
import dev.strata.changes.PaymentsCopies;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks through {@code /api/v1/admin/webhooks} against a running Strata with the demo data, and
 * what a receiver started by the test gets when people commit and review (alice edits dev and
 * staging, bob approves staging, carol edits and approves everywhere). The tests share one Strata:
 * each deletes its webhooks when done, and one that changes payments works on a copy of its own
 * ({@link PaymentsCopies}), made before its webhook exists so that the copy's commits reach no receiver.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "strata.demo=true",
            "strata.webhooks.retry-base=50ms",
            "strata.webhooks.link-base=https://strata.example.com"
        })
@FreshDataDirectory
class WebhooksApiTest {

    static final String WEBHOOKS = "/api/v1/admin/webhooks";
    static final String CRS = "/api/v1/change-requests";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;
    final Receiver receiver = new Receiver();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @AfterEach
    void deleteWebhooksAndStop() {
        for (JsonNode webhook : api.get(WEBHOOKS, "admin").json()) {
            api.send("DELETE", WEBHOOKS + "/" + webhook.get("name").asString(), "admin", null);
        }
        receiver.close();
    }

    /** A copy of payments for this test alone: call it before creating a webhook. */
    private String payments() {
        return new PaymentsCopies(store, secrets).create().value();
    }

    private Answer create(String user, Map<String, Object> webhook) {
        return api.send("POST", WEBHOOKS, user, webhook);
    }

    private Receiver.Received single(String event) {
        await().until(() -> receiver.received(event).size() == 1);
        return receiver.received(event).getFirst();
    }

    private static JsonNode json(Receiver.Received received) {
        return JSON.readTree(received.body());
    }

    @Test
    void a_commit_and_each_change_request_event_reach_a_subscribed_receiver_as_signed_json() {
        String payments = payments();
        Answer created = create(
                "admin",
                Map.of(
                        "name",
                        "ci",
                        "url",
                        receiver.url(),
                        "secret",
                        "hook-secret",
                        "events",
                        List.of(
                                "commit",
                                "change-request.opened",
                                "change-request.commented",
                                "change-request.approved",
                                "change-request.merged",
                                "change-request.closed")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("hook-secret");
        assertThat(created.json().get("signed").asBoolean()).isTrue();

        String dev = "/api/v1/apps/" + payments + "/envs/dev/settings";
        String head = api.get(dev, "alice").json().get("revision").asString();
        Answer committed = api.send(
                "PATCH",
                dev,
                "alice",
                Map.of("baseRevision", head, "message", "Quieter logs", "set", Map.of("LOG_LEVEL", "WARN")));
        assertThat(committed.status()).isEqualTo(200);

        var commit = single("commit");
        assertThat(commit.signature()).isEqualTo("sha256=" + WebhookDeliveries.hmac("hook-secret", commit.body()));
        JsonNode body = json(commit);
        assertThat(body.get("revision").asString())
                .isEqualTo(committed.json().get("revision").asString());
        assertThat(body.get("app").asString()).isEqualTo(payments);
        assertThat(body.get("env").asString()).isEqualTo("dev");
        assertThat(body.get("actor").get("name").asString()).isEqualTo("Alice Liddell");
        assertThat(body.get("changes").get(0).get("keys").get(0).asString()).isEqualTo("LOG_LEVEL");
        assertThat(body.get("link").asString()).startsWith("https://strata.example.com/history");
        assertThat(commit.body()).as("keys by name, never values").doesNotContain("WARN");

        Answer opened = api.send(
                "POST",
                CRS,
                "alice",
                Map.of("kind", "promotion", "app", payments, "target", "staging", "title", "Promote the quieter logs"));
        long id = opened.json().get("id").asLong();
        api.send("POST", CRS + "/" + id + "/comments", "bob", Map.of("text", "Looks fine"));
        api.send("POST", CRS + "/" + id + "/approvals", "bob", null);
        assertThat(api.send("POST", CRS + "/" + id + "/merge", "alice", null).status())
                .isEqualTo(200);

        for (String event : List.of("opened", "commented", "approved", "merged")) {
            var received = single("change-request." + event);
            assertThat(received.signature())
                    .isEqualTo("sha256=" + WebhookDeliveries.hmac("hook-secret", received.body()));
            JsonNode cr = json(received);
            assertThat(cr.get("changeRequest").get("id").asLong()).isEqualTo(id);
            assertThat(cr.get("app").asString()).isEqualTo(payments);
            assertThat(cr.get("env").asString()).isEqualTo("staging");
            assertThat(cr.get("link").asString()).isEqualTo("https://strata.example.com/change-requests/" + id);
        }
        assertThat(json(single("change-request.approved"))
                        .get("actor")
                        .get("username")
                        .asString())
                .isEqualTo("bob");
        assertThat(json(single("change-request.merged")).get("revision").asString())
                .isNotBlank();
        await().until(() -> receiver.received("commit").size() == 2); // the merge is a commit too

        long other = api.send(
                        "POST",
                        CRS,
                        "carol",
                        Map.of(
                                "kind",
                                "edit",
                                "app",
                                payments,
                                "target",
                                "production",
                                "title",
                                "Hotfix",
                                "set",
                                Map.of("TIMEOUT_MS", 999)))
                .json()
                .get("id")
                .asLong();
        api.send("POST", CRS + "/" + other + "/close", "carol", null);
        assertThat(json(single("change-request.closed"))
                        .get("changeRequest")
                        .get("id")
                        .asLong())
                .isEqualTo(other);
    }

    @Test
    void a_rollout_started_aborted_started_again_and_completed_reaches_a_subscribed_receiver() {
        String payments = payments();
        create(
                "admin",
                Map.of(
                        "name",
                        "rollouts",
                        "url",
                        receiver.url(),
                        "events",
                        List.of("rollout.started", "rollout.completed", "rollout.aborted", "change-request.merged")));
        long id = api.send(
                        "POST",
                        CRS,
                        "carol",
                        Map.of(
                                "kind",
                                "edit",
                                "app",
                                payments,
                                "target",
                                "staging",
                                "title",
                                "Debug logs for canaries",
                                "set",
                                Map.of("LOG_LEVEL", "DEBUG")))
                .json()
                .get("id")
                .asLong();
        api.send("POST", CRS + "/" + id + "/approvals", "bob", null);
        var toCanaries = Map.of("rollout", Map.of("labels", Map.of("canary", "true")));
        assertThat(api.send("POST", CRS + "/" + id + "/merge", "carol", toCanaries)
                        .status())
                .isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/rollouts/" + payments + "/staging/abort", "bob", null)
                        .status())
                .isEqualTo(200);

        JsonNode started = json(single("rollout.started"));
        assertThat(started.get("changeRequest").asLong()).isEqualTo(id);
        assertThat(started.get("app").asString()).isEqualTo(payments);
        assertThat(started.get("env").asString()).isEqualTo("staging");
        assertThat(started.get("selector").get("labels").get("canary").asString())
                .isEqualTo("true");
        assertThat(started.get("actor").get("username").asString()).isEqualTo("carol");
        assertThat(started.get("candidate").asString()).hasSize(40);
        JsonNode aborted = json(single("rollout.aborted"));
        assertThat(aborted.get("actor").get("username").asString()).isEqualTo("bob");

        assertThat(api.send("POST", CRS + "/" + id + "/merge", "carol", Map.of("rollout", Map.of("percent", 10)))
                        .status())
                .isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/rollouts/" + payments + "/staging/complete", "carol", null)
                        .status())
                .isEqualTo(200);
        JsonNode completed = json(single("rollout.completed"));
        assertThat(completed.get("selector").get("percent").asInt()).isEqualTo(10);
        assertThat(completed.get("revision").asString())
                .isEqualTo(completed.get("candidate").asString());
        assertThat(json(single("change-request.merged")).get("revision").asString())
                .isEqualTo(completed.get("revision").asString());
        assertThat(receiver.received("rollout.started")).hasSize(2);
        assertThat(receiver.received("rollout.started").getLast().body())
                .as("keys by name, never values")
                .doesNotContain("DEBUG");
    }

    @Test
    void secret_values_never_reach_a_receiver_only_their_key_names() {
        String payments = payments();
        create("admin", Map.of("name", "audit", "url", receiver.url(), "events", List.of("commit")));
        String staging = "/api/v1/apps/" + payments + "/envs/dev/settings";
        String head = api.get(staging, "alice").json().get("revision").asString();
        Answer committed = api.send(
                "PATCH",
                staging,
                "alice",
                Map.of(
                        "baseRevision",
                        head,
                        "message",
                        "Rotate",
                        "set",
                        Map.of("DATABASE_PASSWORD", "hunter2-very-secret")));
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);

        var commit = single("commit");
        assertThat(commit.body()).contains("DATABASE_PASSWORD").doesNotContain("hunter2-very-secret");
    }

    @Test
    void a_slack_webhook_gets_a_text_naming_what_happened() {
        String payments = payments();
        create(
                "admin",
                Map.of(
                        "name",
                        "chat",
                        "url",
                        receiver.url(),
                        "format",
                        "slack",
                        "events",
                        List.of("change-request.opened")));

        api.send(
                "POST",
                CRS,
                "alice",
                Map.of("kind", "promotion", "app", payments, "target", "staging", "title", "Ship it"));

        JsonNode body = json(single("change-request.opened"));
        assertThat(body.propertyNames()).containsExactly("text");
        assertThat(body.get("text").asString())
                .contains("Alice Liddell opened change request", "Ship it", payments + " → staging");
    }

    @Test
    void an_admin_lists_pings_reads_the_delivery_log_and_deletes_a_webhook() {
        create("admin", Map.of("name", "ops", "url", receiver.url(), "events", List.of("commit"), "secret", "x"));

        Answer ping = api.send("POST", WEBHOOKS + "/ops/ping", "admin", null);

        assertThat(ping.status()).isEqualTo(202);
        assertThat(single("ping").delivery())
                .isEqualTo(ping.json().get("delivery").asString());
        await().until(() ->
                api.get(WEBHOOKS + "/ops/deliveries", "admin").json().size() == 1);
        JsonNode entry = api.get(WEBHOOKS + "/ops/deliveries", "admin").json().get(0);
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("outcome").asString()).isEqualTo("delivered");
        assertThat(entry.get("answer").asString()).isEqualTo("answer 200");
        assertThat(api.get("/actuator/prometheus", "admin").body())
                .containsPattern(
                        "strata_webhook_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*webhook=\"ops\"[^}]*} 1\\.0");
        JsonNode listed = api.get(WEBHOOKS, "admin").json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.toString()).doesNotContain("\"x\"").contains("\"signed\":true");

        assertThat(api.send("DELETE", WEBHOOKS + "/ops", "admin", null).status())
                .isEqualTo(204);
        assertThat(api.get(WEBHOOKS, "admin").json().size()).isZero();
        assertThat(api.send("DELETE", WEBHOOKS + "/ops", "admin", null).status())
                .isEqualTo(404);
        assertThat(api.send("POST", WEBHOOKS + "/ops/ping", "admin", null).status())
                .isEqualTo(404);
    }

    @Test
    void webhooks_are_kept_in_the_data_directory_readable_by_its_owner_only() throws Exception {
        create(
                "admin",
                Map.of(
                        "name",
                        "kept",
                        "url",
                        receiver.url(),
                        "events",
                        List.of("commit"),
                        "secret",
                        "s: \"tricky\" #1"));

        Path file = dataDir.resolve("webhooks.yaml");
        assertThat(Files.getPosixFilePermissions(file))
                .extracting(Object::toString)
                .containsOnly("OWNER_READ", "OWNER_WRITE");
        assertThat(Files.readString(file)).contains("name: kept", "format: json");
    }

    @Test
    void hostile_webhooks_are_refused_naming_the_field() {
        Answer file = create("admin", Map.of("name", "f", "url", "file:///etc/passwd", "events", List.of("commit")));
        assertThat(file.status()).isEqualTo(422);
        assertThat(file.body()).contains("only http and https");
        assertThat(create("admin", Map.of("name", "g", "url", "gopher://127.0.0.1:25/", "events", List.of("commit")))
                        .status())
                .isEqualTo(422);
        assertThat(create(
                                "admin",
                                Map.of("name", "u", "url", "http://user:pw@example.com/", "events", List.of("commit")))
                        .status())
                .isEqualTo(422);
        Answer huge = create(
                "admin",
                Map.of("name", "h", "url", "http://example.com/" + "a".repeat(64 * 1024), "events", List.of("commit")));
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.body()).contains("at most 2000 characters");
        assertThat(create("admin", Map.of("name", "../../etc", "url", receiver.url(), "events", List.of("commit")))
                        .status())
                .isEqualTo(422);
        assertThat(create("admin", Map.of("name", "e", "url", receiver.url(), "events", List.of("rollout.exploded")))
                        .status())
                .isEqualTo(422);
        assertThat(create(
                                "admin",
                                Map.of(
                                        "name",
                                        "s",
                                        "url",
                                        receiver.url(),
                                        "events",
                                        List.of("commit"),
                                        "format",
                                        "xml"))
                        .status())
                .isEqualTo(422);
        Answer tooLarge = create(
                "admin",
                Map.of(
                        "name",
                        "big",
                        "url",
                        receiver.url(),
                        "events",
                        List.of("commit"),
                        "secret",
                        "x".repeat(200 * 1024)));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(create("admin", Map.of("name", "twice", "url", receiver.url(), "events", List.of("commit")))
                        .status())
                .isEqualTo(201);
        assertThat(create("admin", Map.of("name", "twice", "url", receiver.url(), "events", List.of("commit")))
                        .status())
                .isEqualTo(409);
        assertThat(api.get(WEBHOOKS, "admin").json().size()).isEqualTo(1);
    }

    @Test
    void only_admins_manage_webhooks_and_never_from_another_site() throws Exception {
        assertThat(create("carol", Map.of("name", "mine", "url", receiver.url(), "events", List.of("commit")))
                        .status())
                .isEqualTo(403);
        assertThat(api.get(WEBHOOKS, "carol").status()).isEqualTo(403);
        assertThat(api.get(WEBHOOKS, null).status()).isEqualTo(401);

        String basic = Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8));
        var crossSite = HttpRequest.newBuilder(URI.create("http://localhost:" + port + WEBHOOKS))
                .header("Authorization", "Basic " + basic)
                .header("Origin", "https://attacker.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"evil\",\"url\":\"" + receiver.url() + "\",\"events\":[\"commit\"]}"))
                .build();
        assertThat(HttpClient.newHttpClient()
                        .send(crossSite, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get(WEBHOOKS, "admin").json().size()).isZero();
    }
}
