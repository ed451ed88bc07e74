package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.FreshDataDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** After demo data and secrets set through the API, no object of config.git holds a secret in plaintext. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@FreshDataDirectory
@ExtendWith(OutputCaptureExtension.class)
class NoPlaintextSecretsIT {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Test
    void no_object_in_the_repository_and_no_log_line_holds_a_secret_in_plaintext(CapturedOutput output) throws Exception {
        var api = new ApiClient(port);
        String path = "/api/v1/apps/payments/envs/dev/settings";
        for (String password : new String[] {"first-Pa55word-xyz", "second-Pa55word-xyz"}) {
            String revision = api.get(path, "carol").json().get("revision").asString();
            assertThat(api.send("PATCH", path, "carol", Map.of("baseRevision", revision, "message", "rotate",
                    "set", Map.of("DATABASE_PASSWORD", password))).status()).isEqualTo(200);
        }
        assertThat(api.get(path + "?reveal=true", "carol").json().get("settings").get("DATABASE_PASSWORD").asString())
                .isEqualTo("second-Pa55word-xyz");

        var scan = new ProcessBuilder("git", "--git-dir", dataDir.resolve("config.git").toString(),
                "cat-file", "--batch-all-objects", "--batch").redirectErrorStream(true).start();
        String everything = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(scan.waitFor()).isZero();

        assertThat(everything).contains("ENC[v1:").contains("jdbc:postgresql://db.dev");
        for (String secret : new String[] {"first-Pa55word-xyz", "second-Pa55word-xyz", "dev-only-password",
                "demo-production-password"}) {
            assertThat(everything).as("objects").doesNotContain(secret);
            assertThat(output.getAll()).as("log").doesNotContain(secret);
        }
    }
}
