package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.LoopbackAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Brute-force protection over HTTP Basic against a running Strata. The account it locks out is its
 * own, the unknown name one nobody else sends, and its requests come from an address of its own
 * ({@link LoopbackAddress}): so it shares the {@link ApiTest} Strata, and the demo's people stay
 * free to sign in in the classes after it.
 */
@ApiTest
class LockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    AccountDirectory accounts;

    private final HttpClient http = LoopbackAddress.LOCKOUT.client();

    private HttpResponse<String> apps(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(LoopbackAddress.base(port) + "/api/v1/apps"))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void after_five_wrong_passwords_even_the_right_one_is_refused_the_same_way_for_unknown_users() throws Exception {
        accounts.create("oscar", "Oscar", "oscar@example.com", "oscars-password", List.of(Role.parse("editor:dev")));
        assertThat(apps("oscar", "oscars-password").statusCode())
                .as("the right password lets oscar in before the lockout")
                .isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            assertThat(apps("oscar", "wrong-" + i).statusCode()).isEqualTo(401);
            assertThat(apps("trudy", "wrong-" + i).statusCode()).isEqualTo(401);
        }

        var oscar = apps("oscar", "oscars-password");
        var trudy = apps("trudy", "oscars-password");

        assertThat(oscar.statusCode()).isEqualTo(401);
        assertThat(trudy.statusCode()).isEqualTo(401);
        assertThat(oscar.body()).isEqualTo(trudy.body());
        assertThat(apps("bob", "demo").statusCode())
                .as("other accounts are not locked")
                .isEqualTo(200);
    }
}
