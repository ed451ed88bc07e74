package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** After demo data and secrets set through the API, no object of config.git holds a secret in plaintext. */
@ApiTest
@FreshDataDirectory
@ExtendWith(OutputCaptureExtension.class)
class NoPlaintextSecretsIT {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Test
    void no_object_in_the_repository_and_no_log_line_holds_a_secret_in_plaintext(CapturedOutput output)
            throws Exception {
        var api = new ApiClient(port);
        String path = "/api/v1/apps/payments/envs/dev/settings";
        for (String password : new String[] {"first-Pa55word-xyz", "second-Pa55word-xyz"}) {
            String revision = api.get(path, "carol").json().get("revision").asString();
            assertThat(api.send(
                                    "PATCH",
                                    path,
                                    "carol",
                                    Map.of(
                                            "baseRevision",
                                            revision,
                                            "message",
                                            "rotate",
                                            "set",
                                            Map.of("DATABASE_PASSWORD", password)))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.get(path + "?reveal=true", "carol")
                        .json()
                        .get("settings")
                        .get("DATABASE_PASSWORD")
                        .asString())
                .isEqualTo("second-Pa55word-xyz");

        var scan = new ProcessBuilder(
                        "git",
                        "--git-dir",
                        dataDir.resolve("config.git").toString(),
                        "cat-file",
                        "--batch-all-objects",
                        "--batch")
                .redirectErrorStream(true)
                .start();
        String everything = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(scan.waitFor()).isZero();

        assertThat(everything).contains("ENC[v1:").contains("jdbc:postgresql://db.dev");
        for (String secret : new String[] {
            "first-Pa55word-xyz", "second-Pa55word-xyz", "dev-only-password", "demo-production-password"
        }) {
            assertThat(everything).as("objects").doesNotContain(secret);
            assertThat(output.getAll()).as("log").doesNotContain(secret);
        }
    }

    @Test
    void after_marking_a_key_secret_and_rotating_the_key_the_head_holds_neither_its_plaintext_nor_an_old_ciphertext(
            CapturedOutput output) throws Exception {
        var api = new ApiClient(port);
        String schemaPath = "/api/v1/apps/payments/schema";
        var read = api.get(schemaPath, "admin").json();
        var body = (ObjectNode) JsonMapper.builder().build().readTree(read.toString());
        body.put("baseRevision", read.get("revision").asString());
        ((ObjectNode) body.get("keys").get("DATABASE_URL")).put("secret", true);
        assertThat(api.send("PUT", schemaPath, "admin", body).status()).isEqualTo(200);
        String sealedBefore = git("grep", "-h", "ENC\\[v1:", "main", "--", "environments");
        assertThat(api.send("POST", "/api/v1/admin/secrets/rotate", "admin", null)
                        .status())
                .isEqualTo(200);

        String head = git("grep", "-h", "-e", ".", "main", "--", "environments", "schemas");
        assertThat(head).contains("DATABASE_URL: ENC[v1:").doesNotContain("jdbc:postgresql://db.");
        for (String line : sealedBefore.lines().toList()) {
            assertThat(head)
                    .as("no ciphertext of the old key stays at the head")
                    .doesNotContain(line.substring(line.indexOf("ENC[")));
        }
        assertThat(git("cat-file", "--batch-all-objects", "--batch"))
                .as("earlier commits keep the plaintext: that is what the warning says")
                .contains("jdbc:postgresql://db.dev");
        assertThat(api.get("/api/v1/apps/payments/envs/dev/settings?reveal=true", "carol")
                        .json()
                        .get("settings")
                        .get("DATABASE_URL")
                        .asString())
                .isEqualTo("jdbc:postgresql://db.dev:5432/payments");
        assertThat(output.getAll())
                .as("log")
                .doesNotContain("jdbc:postgresql://db.prod")
                .doesNotContain("demo-production-password");
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("git", "--git-dir", dataDir.resolve("config.git").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
