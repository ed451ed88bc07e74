package dev.strata.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A force push outside Strata, made with the git command line, is reported by the history API. */
@ApiTest
@FreshDataDirectory
class HistoryRewriteApiTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    private String git(String... args) {
        return GitCli.asMallory(work, args);
    }

    private static JsonNode rewrites(ApiClient api) {
        ApiClient.Answer answer = api.get("/api/v1/history/rewrites", "bob");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void a_force_push_outside_strata_is_listed_with_the_old_and_new_heads() throws Exception {
        var api = new ApiClient(port);
        assertThat(rewrites(api)).isEmpty();
        git("clone", "-q", dataDir.resolve("config.git").toString(), "clone");
        String lost = git("-C", "clone", "rev-parse", "HEAD");
        git("-C", "clone", "reset", "-q", "--hard", "HEAD~1");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Quietly rewritten");
        git("-C", "clone", "push", "-q", "--force", "origin", "main");
        String rewritten = git("-C", "clone", "rev-parse", "HEAD");

        await().atMost(Duration.ofSeconds(10)).until(() -> !rewrites(api).isEmpty());
        JsonNode rewrites = rewrites(api);

        assertThat(rewrites).hasSize(1);
        assertThat(rewrites.get(0).get("lastSeen").asString()).isEqualTo(lost);
        assertThat(rewrites.get(0).get("newHead").asString()).isEqualTo(rewritten);
        assertThat(api.get("/api/v1/history?limit=1", "bob")
                        .json()
                        .get("entries")
                        .get(0)
                        .get("revision")
                        .asString())
                .isEqualTo(rewritten);
        assertThat(api.get("/api/v1/history/rewrites", null).status()).isEqualTo(401);
    }
}
