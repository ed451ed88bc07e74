package dev.strata.rollouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.StrataApplication;
import dev.strata.security.TokenDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A rollout in progress across a restart of Strata on its data directory: it is recorded in Git, so the same instances get the same. */
class RolloutRestartTest {

    static final String TOKEN = "all-token-0123456789abcdef";
    static final String CRS = "/api/v1/change-requests";

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + dataDir, "server.port=0", "strata.demo=true")
                .run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<String> fetch(int port, String instance, String labels)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/config/payments/staging?format=properties"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Strata-Instance", instance);
        if (labels != null) {
            request.header("Strata-Labels", labels);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_restart_in_the_middle_of_a_rollout_serves_the_same_and_can_complete_it() throws Exception {
        Files.writeString(dataDir.resolve("tokens.yaml"), """
                tokens:
                  - name: everything
                    sha256: %s
                    scopes: ["*:*"]
                """.formatted(TokenDirectory.sha256(TOKEN)));
        String canaryEtag;
        String otherEtag;
        try (var first = start()) {
            var api = new ApiClient(port(first));
            Answer opened = api.send(
                    "POST",
                    CRS,
                    "carol",
                    Map.of(
                            "kind",
                            "edit",
                            "app",
                            "payments",
                            "target",
                            "staging",
                            "title",
                            "Debug logs for the canaries",
                            "set",
                            Map.of("LOG_LEVEL", "DEBUG")));
            long id = opened.json().get("id").asLong();
            assertThat(api.send("POST", CRS + "/" + id + "/approvals", "bob", null)
                            .status())
                    .isEqualTo(200);
            Answer started = api.send(
                    "POST",
                    CRS + "/" + id + "/merge",
                    "carol",
                    Map.of("rollout", Map.of("labels", Map.of("canary", "true"))));
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            canaryEtag = fetch(port(first), "pay-canary-1", "canary=true")
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();
            otherEtag = fetch(port(first), "pay-web-2", null)
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();
            assertThat(canaryEtag).isNotEqualTo(otherEtag);
        }
        try (var second = start()) {
            var canary = fetch(port(second), "pay-canary-1", "canary=true");
            assertThat(canary.headers().firstValue("ETag")).contains(canaryEtag);
            assertThat(canary.body()).contains("LOG_LEVEL=DEBUG");
            var other = fetch(port(second), "pay-web-2", null);
            assertThat(other.headers().firstValue("ETag")).contains(otherEtag);
            assertThat(other.body()).doesNotContain("LOG_LEVEL=DEBUG");

            var api = new ApiClient(port(second));
            assertThat(api.get("/api/v1/rollouts", "bob").json()).hasSize(1);
            assertThat(api.send("POST", "/api/v1/rollouts/payments/staging/complete", "bob", null)
                            .status())
                    .isEqualTo(200);
            assertThat(fetch(port(second), "pay-web-2", null).headers().firstValue("ETag"))
                    .contains(canaryEtag);
        }
    }
}
