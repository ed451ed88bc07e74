package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.TokenDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A configuration requested plainly with a valid token is answered by {@link DirectServing}, in
 * front of Spring Security's filter chain; the same request written so that it takes the general
 * way (a percent-encoded query) must get the same answer, headers included, and whatever the
 * direct path leaves alone must still be refused as before. It shares its Strata with the other
 * {@link ApiTest} classes: it serves and commits into a copy of the demo's payments, with a token of its
 * own.
 */
@ApiTest
class DirectServingTest {

    /** This class's copy of payments. */
    static AppName app;
    /** Production of {@link #app}. */
    static String config;
    /** A token for {@link #config}. */
    static String prodToken;

    /** What a client can tell apart; Date and Content-Length aside. */
    static final List<String> COMPARED = List.of(
            "content-security-policy",
            "referrer-policy",
            "x-content-type-options",
            "x-xss-protection",
            "x-frame-options",
            "cache-control",
            "pragma",
            "expires",
            "etag",
            "content-type",
            "www-authenticate");

    @BeforeAll
    static void copyAndToken(
            @Autowired ConfigStore store, @Autowired Secrets secrets, @Autowired TokenDirectory tokens) {
        app = new DemoCopies(store, secrets).copy("payments");
        config = "/api/v1/config/" + app.value() + "/production";
        prodToken = tokens.issue("direct-" + app.value() + "-production", List.of(app.value() + ":production"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    ConfigWatch watch;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, List<String>> compared(HttpHeaders headers) {
        var kept = new TreeMap<String, List<String>>();
        headers.map().forEach((name, values) -> {
            if (COMPARED.contains(name.toLowerCase())) {
                kept.put(name.toLowerCase(), values);
            }
        });
        return kept;
    }

    @Test
    void a_configuration_answered_directly_is_the_one_the_general_way_answers_headers_included() throws Exception {
        var direct = get(config + "?format=json", "Authorization", "Bearer " + prodToken);
        var general = get(config + "?format=js%6Fn", "Authorization", "Bearer " + prodToken);

        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(general.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(general.body());
        assertThat(compared(direct.headers())).isEqualTo(compared(general.headers()));
        assertThat(direct.headers().firstValue("ETag"))
                .hasValue("\"" + store.head().id() + "\"");
        assertThat(direct.headers().firstValue("Cache-Control"))
                .hasValue("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(direct.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(direct.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void the_answers_of_both_ways_are_the_same_bytes_but_for_the_date() throws Exception {
        String etag = "If-None-Match: \"" + store.head().id() + "\"\r\n";
        for (String headers : List.of("", etag, "Accept: text/x-yaml\r\n")) {
            String direct = raw("GET " + config + "?format=json HTTP/1.1\r\n", headers);
            String general = raw("GET " + config + "?format=js%6Fn HTTP/1.1\r\n", headers);

            assertThat(withoutDate(direct)).as(headers).isEqualTo(withoutDate(general));
        }
    }

    private static String withoutDate(String answer) {
        return answer.replaceAll("(?m)^Date: .*\r\n", "");
    }

    @Test
    void an_unchanged_configuration_answered_directly_is_the_general_ways_304() throws Exception {
        String etag = "\"" + store.head().id() + "\"";
        var direct = get(config + "?format=json", "Authorization", "Bearer " + prodToken, "If-None-Match", etag);
        var general = get(config + "?format=js%6Fn", "Authorization", "Bearer " + prodToken, "If-None-Match", etag);

        assertThat(direct.statusCode()).isEqualTo(304);
        assertThat(general.statusCode()).isEqualTo(304);
        assertThat(compared(direct.headers())).isEqualTo(compared(general.headers()));
        assertThat(direct.headers().firstValue("Cache-Control"))
                .as("Spring Security leaves its cache headers out of a 304")
                .isEmpty();
        assertThat(direct.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void errors_of_the_servlet_answered_directly_carry_the_same_headers_as_the_general_ways() throws Exception {
        var direct = get(config + "?format=nope", "Authorization", "Bearer " + prodToken);
        var general = get(config + "?format=n%6Fpe", "Authorization", "Bearer " + prodToken);
        var outOfScope = get("/api/v1/config/checkout/production", "Authorization", "Bearer " + prodToken);

        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.body()).isEqualTo(general.body());
        assertThat(compared(direct.headers())).isEqualTo(compared(general.headers()));
        assertThat(outOfScope.statusCode()).isEqualTo(403);
        assertThat(outOfScope.body()).contains("\"error\":\"forbidden\"").doesNotContain("DATABASE_URL");
        assertThat(outOfScope.headers().firstValue("Cache-Control")).isPresent();
    }

    @Test
    void a_waiting_client_answered_directly_gets_the_general_ways_answers_headers_included() throws Exception {
        String etag = "\"" + store.head().id() + "\"";
        var directEnd = waiting(config + "?wait=1&format=json", etag);
        var generalEnd = waiting(config + "?wait=1&format=js%6Fn", etag);
        assertThat(directEnd.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(304);
        assertThat(compared(directEnd.get().headers()))
                .isEqualTo(compared(generalEnd.get(30, TimeUnit.SECONDS).headers()));

        // counted from the clients waiting already, whom a class sharing this Strata could have left
        int others = watch.waiting();
        var direct = waiting(config + "?wait=30&format=json", etag);
        var general = waiting(config + "?wait=30&format=js%6Fn", etag);
        await().atMost(Duration.ofSeconds(20)).until(() -> watch.waiting() == others + 2);
        store.commit(new ChangeSet(
                app,
                new EnvName("production"),
                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")),
                new TreeSet<>(),
                "a change for the waiters",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        var changed = direct.get(20, TimeUnit.SECONDS);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"LOG_LEVEL\":\"DEBUG\"");
        assertThat(changed.body()).isEqualTo(general.get(20, TimeUnit.SECONDS).body());
        assertThat(compared(changed.headers())).isEqualTo(compared(general.get().headers()));
        assertThat(changed.headers().firstValue("ETag"))
                .hasValue("\"" + store.head().id() + "\"");
        assertThat(changed.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    private CompletableFuture<HttpResponse<String>> waiting(String path, String etag) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(path, "Authorization", "Bearer " + prodToken, "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void a_request_without_a_valid_token_is_refused_as_before() throws Exception {
        var unknown = get(config, "Authorization", "Bearer not-a-token");
        var none = get(config);
        var huge = get(config, "Authorization", "Bearer " + "x".repeat(4000));
        var person = get(config, "Authorization", "Basic Y2Fyb2w6ZGVtbw=="); // carol:demo

        for (var refused : List.of(unknown, none, huge, person)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Strata\"");
        }
    }

    @Test
    void what_the_firewall_refuses_is_still_refused_with_a_valid_token() throws Exception {
        // a path parameter, and a header with a control character (NEL, which HTTP allows as obs-text)
        String semicolon = raw("GET /api/v1/config/" + app.value() + ";x=1/production HTTP/1.1\r\n", "");
        String control = raw("GET " + config + " HTTP/1.1\r\n", "Strata-Instance: a\u0085b\r\n");

        assertThat(semicolon).startsWith("HTTP/1.1 400");
        assertThat(control).doesNotStartWith("HTTP/1.1 200").doesNotContain("DATABASE_URL");
    }

    /** The answer to a request written byte by byte (ISO-8859-1), as no HTTP client would send it. */
    private String raw(String requestLine, String headers) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write((requestLine + "Host: localhost\r\nAuthorization: Bearer " + prodToken + "\r\n" + headers
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            var answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
