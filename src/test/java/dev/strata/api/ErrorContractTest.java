package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.TestDataDirectories;
import dev.strata.security.TokenDirectory;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PRODUCT.md's error contract for what a client gets wrong before any controller runs: every answer
 * under /api and /config is the JSON error with its status, and the log holds no error and no
 * stack trace for it. Raw requests, as a hostile or careless client sends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ErrorContractTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String TOKEN = "all-token-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: everything
                    sha256: %s
                    scopes: ["*:*"]
                """.formatted(TokenDirectory.sha256(TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    /** Stands for any code that answers with {@code sendError}, which the container dispatches to /error. */
    @TestConfiguration
    static class SendsError {
        @RestController
        static class FailingEndpoint {
            @GetMapping("/api/v1/test/send-error")
            void sendError(HttpServletResponse response) throws IOException {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
        }
    }

    private RawHttp.Answer send(String requestLine, String... headers) {
        String head =
                requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + String.join("\r\n", headers);
        return RawHttp.exchange(port, head, new byte[0]);
    }

    private static void assertJsonError(RawHttp.Answer answer, int status, String error, CapturedOutput log) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("message").asString()).isNotBlank();
        assertThat(body.has("details")).isTrue();
        assertThat(log.getAll().lines())
                .as("a client's mistake is no error of the server's, and deserves no stack trace")
                .noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat ") || line.contains("Exception"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/apps/pay%2Fments/envs/dev/settings",
                "/api/v1/apps/payments%00/envs/dev/settings",
                "/api/v1/apps/%2e%2e/envs/dev/settings",
                "/api/v1/apps;evil=1",
                "/api/v1/apps/payments/envs/dev/settings%5c..%5c..",
                "/config/payments%2F..%2Fx/dev"
            })
    void a_path_the_firewall_refuses_is_answered_400_in_json(String path, CapturedOutput log) {
        assertJsonError(send("GET " + path, "Authorization: " + RawHttp.basic("alice")), 400, "bad_request", log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/config/payments/production", "/config/payments/production"})
    void a_header_the_firewall_refuses_is_answered_400_in_json_when_an_endpoint_reads_it(
            String path, CapturedOutput log) {
        // NEL (0x85) passes Tomcat as obs-text; the firewall refuses it when the endpoint reads the instance's name
        assertJsonError(
                send("GET " + path, "Authorization: Bearer " + TOKEN, "Strata-Instance: a\u0085b"),
                400,
                "bad_request",
                log);
    }

    @Test
    void trace_is_answered_405_in_json(CapturedOutput log) {
        assertJsonError(
                send("TRACE /api/v1/apps", "Authorization: " + RawHttp.basic("alice")), 405, "method_not_allowed", log);
    }

    @Test
    void a_method_an_endpoint_does_not_take_is_answered_405_in_json(CapturedOutput log) {
        assertJsonError(
                send("DELETE /api/v1/apps", "Authorization: " + RawHttp.basic("alice")),
                405,
                "method_not_allowed",
                log);
    }

    @Test
    void a_header_of_20_kilobytes_is_answered_431_in_json(CapturedOutput log) {
        String huge = "X-Padding: " + "a".repeat(20 * 1024);
        assertJsonError(
                send("GET /api/v1/apps", "Authorization: " + RawHttp.basic("alice"), huge),
                431,
                "headers_too_large",
                log);
        assertJsonError(
                send("GET /config/payments/dev", "Authorization: Bearer " + TOKEN, huge),
                431,
                "headers_too_large",
                log);
    }

    @Test
    void an_address_over_8_kilobytes_is_answered_414_in_json(CapturedOutput log) {
        String longQuery = "?author=" + "a".repeat(10 * 1024);
        assertJsonError(
                send("GET /api/v1/history" + longQuery, "Authorization: " + RawHttp.basic("alice")),
                414,
                "uri_too_long",
                log);
        assertJsonError(
                send("GET /config/payments/dev" + longQuery, "Authorization: Bearer " + TOKEN),
                414,
                "uri_too_long",
                log);
    }

    @Test
    void a_request_line_that_cannot_be_parsed_is_answered_400_in_json(CapturedOutput log) {
        assertJsonError(
                send("G\u0001T /api/v1/apps", "Authorization: " + RawHttp.basic("alice")), 400, "bad_request", log);
    }

    @Test
    void an_unknown_http_version_is_answered_505_in_json_and_not_as_a_server_error(CapturedOutput log) {
        String head = "GET /api/v1/apps HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n";
        assertJsonError(RawHttp.exchange(port, head, new byte[0]), 505, "http_version_not_supported", log);
    }

    @Test
    void the_management_api_asked_for_xml_answers_406_in_json(CapturedOutput log) {
        assertJsonError(
                send("GET /api/v1/apps", "Authorization: " + RawHttp.basic("alice"), "Accept: application/xml"),
                406,
                "not_acceptable",
                log);
        assertJsonError(
                send("GET /config/payments/dev", "Authorization: Bearer " + TOKEN, "Accept: application/xml"),
                406,
                "not_acceptable",
                log);
    }

    @Test
    void a_malformed_accept_header_is_answered_406_in_json(CapturedOutput log) {
        assertJsonError(
                send("GET /api/v1/config/payments/dev", "Authorization: Bearer " + TOKEN, "Accept: text/"),
                406,
                "not_acceptable",
                log);
        assertJsonError(
                send("GET /config/payments/dev", "Authorization: Bearer " + TOKEN, "Accept: text/"),
                406,
                "not_acceptable",
                log);
        assertJsonError(
                send("GET /api/v1/apps", "Authorization: " + RawHttp.basic("alice"), "Accept: ;;q=x/"),
                406,
                "not_acceptable",
                log);
    }

    @Test
    void a_query_that_cannot_be_decoded_is_answered_400_in_json(CapturedOutput log) {
        assertJsonError(
                send("GET /api/v1/history?author=%zz", "Authorization: " + RawHttp.basic("alice")),
                400,
                "bad_request",
                log);
        assertJsonError(
                send("GET /api/v1/config/payments/dev?format=%zz", "Authorization: Bearer " + TOKEN),
                400,
                "bad_request",
                log);
    }

    @Test
    void an_error_the_container_dispatches_to_its_error_page_is_answered_in_json(CapturedOutput log) {
        assertJsonError(
                send("GET /api/v1/test/send-error", "Authorization: " + RawHttp.basic("alice")),
                503,
                "internal_error",
                log);
    }

    @Test
    void an_endpoint_that_does_not_exist_is_answered_404_in_json(CapturedOutput log) {
        assertJsonError(send("GET /api/v2/nothing", "Authorization: " + RawHttp.basic("alice")), 404, "not_found", log);
        assertJsonError(send("GET /config", "Authorization: Bearer " + TOKEN), 404, "not_found", log);
    }
}
