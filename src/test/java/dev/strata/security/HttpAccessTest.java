package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.LoopbackAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * HTTP access rules against a running Strata. Its failed sign-ins (a wrong password of alice's, a name
 * nobody has, an empty sign-in form) come from an address of its own ({@link LoopbackAddress}), so it
 * shares the {@link ApiTest} Strata.
 */
@ApiTest
class HttpAccessTest {

    @LocalServerPort
    int port;

    private final HttpClient http = LoopbackAddress.HTTP_ACCESS.client();

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(LoopbackAddress.base(port) + path));
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
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
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

        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp ->
                        assertThat(csp).contains("frame-ancestors 'none'").contains("object-src 'none'"));
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void pages_send_anonymous_people_to_sign_in() throws Exception {
        var response = get("/history", null, null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    /** A request as a client that sets its own Host header sends it; java.net.http does not let a test choose it. */
    private String rawResponseHead(String method, String path, String host, String... headers) throws Exception {
        return rawExchangeHead(method, path, host, "", headers);
    }

    private String rawExchangeHead(String method, String path, String host, String body, String... headers)
            throws Exception {
        try (var socket = LoopbackAddress.HTTP_ACCESS.socket(port)) {
            var request =
                    new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream()
                    .write(request.append("\r\n").append(body).toString().getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n\r\n"));
        }
    }

    @Test
    void redirects_never_name_the_host_the_request_claims() throws Exception {
        String toSignIn = rawResponseHead("GET", "/history", "evil.example.com");
        String failedSignIn = rawResponseHead(
                "POST",
                "/login",
                "evil.example.com",
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: 0");
        String withForwardedHost = rawResponseHead(
                "GET",
                "/history",
                "localhost",
                "X-Forwarded-Host: evil.example.com",
                "Forwarded: host=evil.example.com");

        assertThat(toSignIn).startsWith("HTTP/1.1 302").containsIgnoringCase("\r\nLocation: /login");
        assertThat(failedSignIn).startsWith("HTTP/1.1 302").doesNotContain("evil.example.com");
        assertThat(withForwardedHost).startsWith("HTTP/1.1 302").doesNotContain("evil.example.com");
        assertThat(toSignIn).doesNotContain("evil.example.com");
    }

    @Test
    void a_page_on_another_site_cannot_sign_a_visitor_in() throws Exception {
        String crossSite = signInAsBob("Origin: http://evil.example", "Sec-Fetch-Site: cross-site");
        String otherPort = signInAsBob("Origin: http://localhost:1");
        String ownPage = signInAsBob("Origin: http://localhost:" + port, "Sec-Fetch-Site: same-origin");
        String script = signInAsBob();

        assertThat(crossSite).startsWith("HTTP/1.1 403").doesNotContain("JSESSIONID");
        assertThat(otherPort).startsWith("HTTP/1.1 403").doesNotContain("JSESSIONID");
        assertThat(ownPage)
                .startsWith("HTTP/1.1 302")
                .containsIgnoringCase("\r\nLocation: /")
                .doesNotContain("error");
        assertThat(script).startsWith("HTTP/1.1 302").doesNotContain("error");
    }

    private String signInAsBob(String... headers) throws Exception {
        String form = "username=bob&password=demo";
        var all = new ArrayList<>(List.of(headers));
        all.add("Content-Type: application/x-www-form-urlencoded");
        all.add("Content-Length: " + form.length());
        return rawExchangeHead("POST", "/login", "localhost:" + port, form, all.toArray(String[]::new));
    }

    @Test
    void the_session_cookie_is_not_sent_with_requests_that_other_sites_start() throws Exception {
        var response = get("/login", null, null);

        assertThat(response.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));
    }
}
