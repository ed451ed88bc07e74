package dev.strata.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.BareRemote;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import dev.strata.HostileInputs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Strata with demo data on a remote (a bare repository over file://, fetched only hourly so that
 * what arrives early came through the webhook): its writes land there, the signed push webhook
 * fetches at once and a badly signed one fetches nothing, health tells how the remote is, and an
 * unreachable remote fails writes with 503 while reads go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@FreshDataDirectory
class RemoteApiTest {

    private static final String SECRET = "hook-secret-for-tests";
    private static final String DEV = "/api/v1/apps/payments/envs/dev/settings";
    private static BareRemote remote;

    @LocalServerPort
    int port;

    private ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) throws IOException {
        remote = BareRemote.create();
        remote.register(registry, "strata.remote.fetch-interval", "1h", "strata.remote.webhook-secret", SECRET);
    }

    @AfterAll
    static void removeRemote() throws IOException {
        remote.delete();
    }

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private String head() {
        return api.get(DEV, "alice").json().get("revision").asString();
    }

    private int hook(String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/hooks/git"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String hmac(String body) {
        return HexFormat.of().formatHex(new WebhookSignature(SECRET).hmac(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A commit pushed to the remote by someone with plain git; answers its id. */
    private String pushFromTheCommandLine(String value) throws IOException {
        Path work = Files.createTempDirectory(remote.root(), "work");
        GitCli.run(work, "clone", "-q", remote.repository().toString(), ".");
        Path file = work.resolve("environments/dev/payments.yaml");
        Files.writeString(file, Files.readString(file).replaceAll("(?m)^HTTP_TIMEOUT: .*$", "HTTP_TIMEOUT: " + value));
        GitCli.asMallory(work, "commit", "-q", "-am", "Timeout " + value + " from the command line");
        GitCli.asMallory(work, "push", "-q", "origin", "main");
        return GitCli.run(work, "rev-parse", "HEAD").strip();
    }

    @Test
    void the_demo_and_every_write_are_on_the_remote_with_their_authors() {
        assertThat(remote.head()).isEqualTo(head());

        Answer saved = api.send(
                "PATCH",
                DEV,
                "alice",
                Map.of("baseRevision", head(), "message", "Longer timeout", "set", Map.of("HTTP_TIMEOUT", "61s")));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(remote.head()).isEqualTo(saved.json().get("revision").asString());
        assertThat(GitCli.in(remote.repository(), "log", "-1", "--format=%an|%s", "main")
                        .strip())
                .isEqualTo("Alice Liddell|Longer timeout");
    }

    @Test
    void a_signed_webhook_fetches_at_once_and_a_wrongly_signed_one_fetches_nothing() throws Exception {
        String first = pushFromTheCommandLine("71s");
        String payload = "{\"ref\":\"refs/heads/main\",\"after\":\"" + first + "\"}";

        assertThat(hook(payload, Map.of("X-Hub-Signature-256", "sha256=" + hmac(payload + " "))))
                .isEqualTo(401);
        assertThat(hook(payload, Map.of("X-Gitlab-Token", "guess"))).isEqualTo(401);
        assertThat(hook(payload, Map.of())).isEqualTo(401);
        // nothing is fetched: the head stays where it was while a fetch would have had time to land
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !head().equals(first));

        assertThat(hook(payload, Map.of("X-Hub-Signature-256", "sha256=" + hmac(payload))))
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(3)).until(() -> head().equals(first));
        assertThat(api.get(DEV, "bob")
                        .json()
                        .get("settings")
                        .get("HTTP_TIMEOUT")
                        .asString())
                .isEqualTo("71s");

        String second = pushFromTheCommandLine("72s");
        assertThat(hook(payload, Map.of("X-Gitea-Signature", hmac(payload)))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(3)).until(() -> head().equals(second));

        String third = pushFromTheCommandLine("73s");
        assertThat(hook(payload, Map.of("X-Gitlab-Token", SECRET))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(3)).until(() -> head().equals(third));
    }

    @Test
    void health_shows_the_remote_to_everyone_and_its_details_to_admins_without_passwords() {
        Answer anonymous = api.get("/actuator/health", null);
        assertThat(anonymous
                        .json()
                        .get("components")
                        .get("remote")
                        .get("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(anonymous.body()).doesNotContain(remote.repository().toString());

        Answer admin = api.get("/actuator/health", "admin");
        var details = admin.json().get("components").get("remote").get("details");
        assertThat(details.get("remote").asString()).isEqualTo(remote.url());
        assertThat(details.get("lastPush")).isNotNull();
    }

    @Test
    void an_unreachable_remote_fails_writes_with_503_keeps_reads_and_takes_writes_again_when_back() throws IOException {
        try (var gone = remote.away()) {
            Answer refused = api.send(
                    "PATCH",
                    DEV,
                    "alice",
                    Map.of("baseRevision", head(), "message", "While down", "set", Map.of("HTTP_TIMEOUT", "81s")));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").asString()).isEqualTo("remote_unavailable");
            assertThat(refused.json().get("message").asString()).contains("cannot be reached", "Nothing was saved");
            assertThat(api.get(DEV, "bob").status()).isEqualTo(200);
            assertThat(api.get("/actuator/health", null)
                            .json()
                            .get("components")
                            .get("remote")
                            .get("status")
                            .asString())
                    .isEqualTo("DOWN");
        }
        Answer saved = api.send(
                "PATCH",
                DEV,
                "alice",
                Map.of("baseRevision", head(), "message", "Back again", "set", Map.of("HTTP_TIMEOUT", "82s")));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(remote.head()).isEqualTo(saved.json().get("revision").asString());
    }

    /**
     * Issue #16: each hostile body of 64 KiB, however it claims to be signed, is refused. The two seconds
     * guard against catastrophic backtracking (such input took tens of seconds), not a speed to keep.
     */
    @Test
    void hostile_webhook_bodies_and_signatures_are_refused_within_a_second() throws Exception {
        hook("{}", Map.of("X-Gitlab-Token", "warm up"));
        for (var hostile : HostileInputs.all().entrySet()) {
            String body = hostile.getValue();
            // a header holds no line breaks, and Tomcat reads at most 8 KiB of headers
            String signature = body.substring(0, 6 * 1024).replace('\n', ' ');
            for (var headers : List.of(
                    Map.of("X-Hub-Signature-256", "sha256=" + signature),
                    Map.of("X-Gitea-Signature", signature),
                    Map.of("X-Gitlab-Token", signature))) {
                int status = assertTimeoutPreemptively(
                        Duration.ofSeconds(2),
                        () -> hook(body, headers),
                        hostile.getKey() + " signed by " + headers.keySet());
                assertThat(status)
                        .as(hostile.getKey() + " signed by " + headers.keySet())
                        .isEqualTo(401);
            }
        }
    }
}
