package dev.strata.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.BareRemote;
import dev.strata.ChildJvm;
import dev.strata.GitCli;
import dev.strata.StrataApplication;
import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.security.TokenDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two whole Strata instances on one bare remote over file://, each with its own data directory and
 * serving its own client: this test's, and a second one in a process of its own (Spring Security
 * keeps static state, so two cannot share one JVM). Each lists the whole fleet with the revision
 * every client has, once the other published: the second one only at its shutdown, so that what
 * reaches the first is what a Strata instance publishes when it stops.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"strata.demo=true", "strata.remote.fetch-interval=1h", "strata.instances.publish-interval=1h"})
@DirtiesContext
class SharedInstancesIT {

    private static final String TOKEN = "prod-token-0123456789abcdef";
    private static final String PRODUCTION = "/api/v1/config/payments/production";
    private static final Path DATA_DIR = TestDataDirectories.create();
    private static BareRemote remote;

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    SharedSightings sightings;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) throws IOException {
        remote = BareRemote.create();
        remote.register(registry);
        writeTokens(DATA_DIR);
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @AfterAll
    static void removeRemote() throws IOException {
        remote.delete();
    }

    private static void writeTokens(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-production
                    sha256: %s
                    scopes: [payments:production]
                """.formatted(TokenDirectory.sha256(TOKEN)));
    }

    /**
     * The second Strata instance: fetching every 250 ms, so that the wait for the first one's sightings
     * is not a second's idling on both cores, and publishing only when it stops.
     */
    private static Process startSecond(Path dataDir, int port) throws IOException {
        writeTokens(dataDir);
        return new ProcessBuilder(ChildJvm.onTestClassPath(
                        "512m",
                        StrataApplication.class,
                        "--strata.data-dir=" + dataDir,
                        "--server.port=" + port,
                        "--strata.demo=true",
                        "--strata.remote.url=" + remote.url(),
                        "--strata.remote.fetch-interval=250ms",
                        "--strata.instances.publish-interval=1h"))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("strata.log").toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A client fetching its configuration under {@code instance}; answers the revision it got, or null while that Strata is not up. */
    private String poll(int strata, String instance) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + strata + PRODUCTION))
                .header("Authorization", "Bearer " + TOKEN)
                .header(InstanceHeaders.INSTANCE, instance)
                .build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200
                    ? answer.headers().firstValue("ETag").orElseThrow().replace("\"", "")
                    : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> listed(int strata) {
        var answer = new ApiClient(strata).get("/api/v1/apps/payments/envs/production/instances", "bob");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new TreeMap<>();
        StreamSupport.stream(answer.json().get("instances").spliterator(), false)
                .forEach(instance -> byId.put(instance.get("id").asString(), instance));
        return byId;
    }

    @Test
    void two_strata_instances_each_list_the_client_the_other_served_with_its_revision() throws Exception {
        String older = poll(port, "pay-on-a");
        String newer = store.commit(new ChangeSet(
                        new AppName("payments"),
                        new EnvName("production"),
                        new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "ERROR")),
                        new TreeSet<>(),
                        "Quieter",
                        new Author("Carol Danvers", "carol@example.com"),
                        store.head()))
                .revision()
                .id();
        Path secondDir = Files.createTempDirectory("strata-second-");
        int second = freePort();
        Process process = startSecond(secondDir, second);
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> newer.equals(poll(second, "pay-on-b")));

            // the second fetches every 250 ms, and with it this one's snapshot; a sighting is recorded
            // once its answer is sent, so the second's own may land a moment after its client read it.
            // Each try publishes again, as the periodic publication does: a push that lost a race for
            // the remote's locks to the second's own push (seen on a loaded machine) is simply retried.
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        sightings.publish();
                        return listed(second).keySet().containsAll(List.of("pay-on-a", "pay-on-b"));
                    });
            Map<String, JsonNode> bySecond = listed(second);
            assertThat(bySecond.get("pay-on-a").get("revision").asString()).isEqualTo(older);
            assertThat(bySecond.get("pay-on-a").get("current").asBoolean()).isFalse();
            assertThat(bySecond.get("pay-on-b").get("revision").asString()).isEqualTo(newer);
            assertThat(listed(port)).as("not published yet").doesNotContainKey("pay-on-b");
        } finally {
            process.destroy(); // a graceful stop, which publishes once more
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as(Files.readString(secondDir.resolve("strata.log")))
                    .isTrue();
        }
        sightings.publish();

        Map<String, JsonNode> byFirst = listed(port);
        assertThat(byFirst).containsKeys("pay-on-a", "pay-on-b");
        assertThat(byFirst.get("pay-on-a").get("revision").asString()).isEqualTo(older);
        assertThat(byFirst.get("pay-on-b").get("revision").asString()).isEqualTo(newer);
        assertThat(byFirst.get("pay-on-b").get("current").asBoolean()).isTrue();
        assertThat(byFirst.get("pay-on-b").get("token").asString()).isEqualTo("payments-production");
        String secondId =
                Files.readString(secondDir.resolve(StrataInstanceId.FILE)).strip();
        String ownId = Files.readString(DATA_DIR.resolve(StrataInstanceId.FILE)).strip();
        assertThat(GitCli.in(remote.repository(), "for-each-ref", "--format=%(refname)", "refs/strata/instances/")
                        .lines())
                .containsExactlyInAnyOrder("refs/strata/instances/" + ownId, "refs/strata/instances/" + secondId);
    }
}
