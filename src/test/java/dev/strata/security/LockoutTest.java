package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Brute-force protection over HTTP Basic against a running Strata. */
@ApiTest
@FreshDataDirectory
class LockoutTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> apps(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/apps"))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void after_five_wrong_passwords_even_the_right_one_is_refused_the_same_way_for_unknown_users() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(apps("carol", "wrong-" + i).statusCode()).isEqualTo(401);
            assertThat(apps("mallory", "wrong-" + i).statusCode()).isEqualTo(401);
        }

        var carol = apps("carol", "demo");
        var mallory = apps("mallory", "demo");

        assertThat(carol.statusCode()).isEqualTo(401);
        assertThat(mallory.statusCode()).isEqualTo(401);
        assertThat(carol.body()).isEqualTo(mallory.body());
        assertThat(apps("bob", "demo").statusCode())
                .as("other accounts are not locked")
                .isEqualTo(200);
    }
}
