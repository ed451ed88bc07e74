package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Strata behind a TLS-terminating proxy, which reaches it over plain HTTP from a trusted address
 * and says what the browser used in {@code X-Forwarded-*} headers; {@code server.forward-headers-strategy}
 * as the subclass sets it. The identity provider (started here) is needed for the one absolute
 * address Strata makes: where the provider sends people back after they sign in.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ForwardedHeadersTest {

    /** One per test class, since a stopped provider cannot start again. */
    static MockOAuth2Server provider;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        provider = new MockOAuth2Server();
        CorpSso.register(provider, registry);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenDirectory tokens;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> throughTheProxy(String method, String path, String user, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "strata.example.com")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-For", "203.0.113.7");
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_identity_provider_sends_people_back_to_the_https_address_the_proxy_serves() throws Exception {
        var toProvider = throughTheProxy("GET", "/oauth2/authorization/corp", null);

        assertThat(toProvider.statusCode() / 100).isEqualTo(3);
        assertThat(URLDecoder.decode(toProvider.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8))
                .contains("redirect_uri=https://strata.example.com/login/oauth2/code/corp");
    }

    @Test
    void a_page_of_the_https_address_the_proxy_serves_is_of_the_same_origin() throws Exception {
        var sameOrigin = throughTheProxy(
                "POST",
                "/api/v1/change-requests/1/refresh",
                "alice:demo",
                "Origin",
                "https://strata.example.com",
                "Sec-Fetch-Site",
                "same-origin");
        var plainHttp = throughTheProxy(
                "POST", "/api/v1/change-requests/1/refresh", "alice:demo", "Origin", "http://strata.example.com");

        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);
        assertThat(plainHttp.statusCode()).isEqualTo(403);
    }

    @Test
    void sign_ins_are_logged_and_throttled_for_the_address_of_the_client_not_of_the_proxy(CapturedOutput output)
            throws Exception {
        assertThat(throughTheProxy("GET", "/api/v1/apps", "mallory:wrong").statusCode())
                .isEqualTo(401);

        assertThat(output.getAll()).contains("access event=sign-in-failed user=mallory address=203.0.113.7");
    }

    @Test
    void an_instance_polling_through_the_proxy_is_listed_with_the_clients_address_not_the_proxys() throws Exception {
        String token = tokens.issue("behind-the-proxy", List.of("payments:production"));
        var served = poll(token, "", "203.0.113.8", "behind-proxy", "\"nothing\"");
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        // a client that waits for a change and is told after a second that there is none
        String etag = served.headers().firstValue("ETag").orElseThrow();
        var waited = poll(token, "?wait=1", "203.0.113.9", "behind-proxy-waiting", etag);
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(304);

        var listed = throughTheProxy("GET", "/api/v1/apps/payments/envs/production/instances", "bob:demo");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body())
                .contains("\"id\":\"behind-proxy\"", "\"address\":\"203.0.113.8\"")
                .contains("\"id\":\"behind-proxy-waiting\"", "\"address\":\"203.0.113.9\"")
                .doesNotContain("\"address\":\"127.0.0.1\"");
    }

    private HttpResponse<String> poll(String token, String query, String client, String instance, String etag)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/v1/config/payments/production" + query))
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "strata.example.com")
                        .header("X-Forwarded-Port", "443")
                        .header("X-Forwarded-For", client)
                        .header("Authorization", "Bearer " + token)
                        .header("Strata-Instance", instance)
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
