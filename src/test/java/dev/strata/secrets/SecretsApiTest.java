package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import dev.strata.StrataApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Rotating the secrets key through the admin API and from the command line, on the demo data. */
@ApiTest
@FreshDataDirectory
class SecretsApiTest {

    static final String DEV = "/api/v1/apps/payments/envs/dev/settings";

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Test
    void only_an_admin_rotates_the_key_and_every_secret_still_reveals_the_same_value_afterwards() {
        var api = new ApiClient(port);
        String before = api.get(DEV, "carol").json().get("revision").asString();
        String password = api.get(DEV + "?reveal=true", "carol")
                .json()
                .get("settings")
                .get("DATABASE_PASSWORD")
                .asString();

        for (String user : new String[] {"alice", "bob", "carol"}) {
            var refused = api.send("POST", "/api/v1/admin/secrets/rotate", user, null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error").asString()).isEqualTo("forbidden");
        }
        assertThat(api.send("POST", "/api/v1/admin/secrets/rotate", null, null).status())
                .isEqualTo(401);
        assertThat(api.get(DEV, "carol").json().get("revision").asString())
                .as("nothing committed")
                .isEqualTo(before);

        String oldKey =
                api.get("/api/v1/admin/secrets", "admin").json().get("keyId").asString();
        var rotated = api.send("POST", "/api/v1/admin/secrets/rotate", "admin", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("reencrypted").asInt()).isPositive();
        assertThat(rotated.json().get("keyId").asString()).isNotEqualTo(oldKey);
        assertThat(rotated.body()).doesNotContain(password);
        assertThat(api.get("/api/v1/admin/secrets", "admin")
                        .json()
                        .get("retiredKeyIds")
                        .isEmpty())
                .isTrue();
        var after = api.get(DEV + "?reveal=true", "carol").json();
        assertThat(after.get("revision").asString())
                .isEqualTo(rotated.json().get("revision").asString());
        assertThat(after.get("settings").get("DATABASE_PASSWORD").asString()).isEqualTo(password);
    }

    @Test
    void the_command_line_switch_rotates_as_strata_and_exits(@TempDir Path other) throws Exception {
        new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + other, "strata.demo=true", "server.port=0")
                .run()
                .close();
        new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + other, "server.port=0")
                .run("--strata.rotate-secrets-key")
                .close();

        var log = new ProcessBuilder(
                        "git", "--git-dir", other.resolve("config.git").toString(), "log", "-1", "--format=%an|%s")
                .start();
        assertThat(new String(log.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("Strata|Rotate the secrets key to ");
    }
}
