package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.FreshDataDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@FreshDataDirectory
class HttpAccessTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_api_without_credentials_answers_401_in_json() throws Exception {
        var response = get("/api/v1/apps", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Strata\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() throws Exception {
        var wrongPassword = get("/api/v1/apps", "alice", "wrong");
        var unknownUser = get("/api/v1/apps", "mallory", "wrong");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void an_unknown_api_path_answers_404_in_json_without_a_session() throws Exception {
        var response = get("/api/v1/nothing-here", "alice", "demo");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":\"not_found\"");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void health_is_open_and_the_other_actuator_endpoints_are_for_admins() throws Exception {
        assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/info", "alice", "demo").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/info", "admin", "demo").statusCode()).isEqualTo(200);
    }

    @Test
    void pages_may_not_be_framed_nor_leak_their_address() throws Exception {
        var response = get("/login", null, null);

        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("frame-ancestors 'none'").contains("object-src 'none'"));
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void pages_send_anonymous_people_to_sign_in() throws Exception {
        var response = get("/history", null, null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
}
