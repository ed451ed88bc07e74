package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A configuration requested plainly with a valid token is answered by {@link DirectServing}, in
 * front of Spring Security's filter chain; the same request written so that it takes the general
 * way (a percent-encoded query) must get the same answer, headers included, and whatever the
 * direct path leaves alone must still be refused as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class DirectServingTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String PROD_TOKEN = "direct-prod-token-0123456789abcdef";
    static final String CONFIG = "/api/v1/config/payments/production";
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

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-production
                    sha256: %s
                    scopes: [payments:production]
                """.formatted(TokenDirectory.sha256(PROD_TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
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
        var direct = get(CONFIG + "?format=json", "Authorization", "Bearer " + PROD_TOKEN);
        var general = get(CONFIG + "?format=js%6Fn", "Authorization", "Bearer " + PROD_TOKEN);

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
            String direct = raw("GET " + CONFIG + "?format=json HTTP/1.1\r\n", headers);
            String general = raw("GET " + CONFIG + "?format=js%6Fn HTTP/1.1\r\n", headers);

            assertThat(withoutDate(direct)).as(headers).isEqualTo(withoutDate(general));
        }
    }

    private static String withoutDate(String answer) {
        return answer.replaceAll("(?m)^Date: .*\r\n", "");
    }

    @Test
    void an_unchanged_configuration_answered_directly_is_the_general_ways_304() throws Exception {
        String etag = "\"" + store.head().id() + "\"";
        var direct = get(CONFIG + "?format=json", "Authorization", "Bearer " + PROD_TOKEN, "If-None-Match", etag);
        var general = get(CONFIG + "?format=js%6Fn", "Authorization", "Bearer " + PROD_TOKEN, "If-None-Match", etag);

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
        var direct = get(CONFIG + "?format=nope", "Authorization", "Bearer " + PROD_TOKEN);
        var general = get(CONFIG + "?format=n%6Fpe", "Authorization", "Bearer " + PROD_TOKEN);
        var outOfScope = get("/api/v1/config/checkout/production", "Authorization", "Bearer " + PROD_TOKEN);

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
        var directEnd = waiting(CONFIG + "?wait=1&format=json", etag);
        var generalEnd = waiting(CONFIG + "?wait=1&format=js%6Fn", etag);
        assertThat(directEnd.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(304);
        assertThat(compared(directEnd.get().headers()))
                .isEqualTo(compared(generalEnd.get(30, TimeUnit.SECONDS).headers()));

        var direct = waiting(CONFIG + "?wait=30&format=json", etag);
        var general = waiting(CONFIG + "?wait=30&format=js%6Fn", etag);
        await().atMost(Duration.ofSeconds(20)).until(() -> watch.waiting() == 2);
        store.commit(new ChangeSet(
                new AppName("payments"),
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
                return get(path, "Authorization", "Bearer " + PROD_TOKEN, "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void a_request_without_a_valid_token_is_refused_as_before() throws Exception {
        var unknown = get(CONFIG, "Authorization", "Bearer not-a-token");
        var none = get(CONFIG);
        var huge = get(CONFIG, "Authorization", "Bearer " + "x".repeat(4000));
        var person = get(CONFIG, "Authorization", "Basic Y2Fyb2w6ZGVtbw=="); // carol:demo

        for (var refused : List.of(unknown, none, huge, person)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Strata\"");
        }
    }

    @Test
    void what_the_firewall_refuses_is_still_refused_with_a_valid_token() throws Exception {
        // a path parameter, and a header with a control character (NEL, which HTTP allows as obs-text)
        String semicolon = raw("GET /api/v1/config/payments;x=1/production HTTP/1.1\r\n", "");
        String control = raw("GET " + CONFIG + " HTTP/1.1\r\n", "Strata-Instance: a\u0085b\r\n");

        assertThat(semicolon).startsWith("HTTP/1.1 400");
        assertThat(control).doesNotStartWith("HTTP/1.1 200").doesNotContain("DATABASE_URL");
    }

    /** The answer to a request written byte by byte (ISO-8859-1), as no HTTP client would send it. */
    private String raw(String requestLine, String headers) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write((requestLine + "Host: localhost\r\nAuthorization: Bearer " + PROD_TOKEN + "\r\n" + headers
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            var answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
