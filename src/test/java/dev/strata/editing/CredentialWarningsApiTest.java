package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A PATCH that commits a credential-looking value into a key not marked secret succeeds with a warning.
 * It commits to a copy of the demo's checkout, so that it can share Strata with the classes reading checkout.
 */
@ApiTest
class CredentialWarningsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Test
    void credential_looking_values_in_keys_not_marked_secret_are_committed_with_a_warning_that_never_quotes_them() {
        var api = new ApiClient(port);
        String dev = "/api/v1/apps/"
                + new DemoCopies(store, secrets).copy("checkout").value() + "/envs/dev/settings";
        String base = api.get(dev, "alice").json().get("revision").asString();

        var answer = api.send(
                "PATCH",
                dev,
                "alice",
                Map.of(
                        "baseRevision",
                        base,
                        "message",
                        "Keys for the bucket",
                        "set",
                        Map.of(
                                "S3_ACCESS_KEY_ID",
                                "AKIAIOSFODNN7EXAMPLE",
                                "SMTP_PASSWORD",
                                "hunter2-smtp",
                                "CART_TTL",
                                "45m")));

        assertThat(answer.status()).isEqualTo(200);
        var warnings = answer.json().get("warnings");
        assertThat(warnings.size()).isEqualTo(2);
        assertThat(warnings.get(0).get("key").asString()).isEqualTo("S3_ACCESS_KEY_ID");
        assertThat(warnings.get(0).get("message").asString())
                .contains("AWS access key id")
                .contains("mark it secret");
        assertThat(warnings.get(1).get("key").asString()).isEqualTo("SMTP_PASSWORD");
        assertThat(answer.body()).doesNotContain("hunter2-smtp").doesNotContain("AKIAIOSFODNN7EXAMPLE");

        String next = answer.json().get("revision").asString();
        var quiet = api.send(
                "PATCH",
                dev,
                "alice",
                Map.of("baseRevision", next, "message", "Longer carts", "set", Map.of("CART_TTL", "50m")));
        assertThat(quiet.json().get("warnings").isEmpty()).isTrue();
    }
}
