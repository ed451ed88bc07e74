package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are bounded by what their endpoint may legally receive, and a write is refused
 * for a missing role before its body is read. The bodies below are declared (or sent) far larger
 * than what is actually sent: an answer can only arrive if the server did not wait for the rest.
 */
@ApiTest
class RequestBodyLimitsTest {

    static final String DEV = "/api/v1/apps/payments/envs/dev/settings";
    static final long HUGE = 400L * 1024 * 1024;
    static final int MIB = 1024 * 1024;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** The start of a PATCH of many 1 MiB values: a first value of one MiB, and then nothing more. */
    private static void startOfHugePatch(OutputStream out) throws IOException {
        out.write("{\"baseRevision\":\"0000000000000000000000000000000000000000\",\"set\":{\"K0\":\""
                .getBytes(StandardCharsets.US_ASCII));
        out.write(digits(MIB).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String digits(int length) {
        return "0123456789".repeat(length / 10 + 1).substring(0, length);
    }

    private RawHttp.Answer patchDeclaring(String user, long contentLength) {
        return declaring("PATCH", DEV, user, contentLength);
    }

    private RawHttp.Answer declaring(String method, String path, String user, long contentLength) {
        return RawHttp.exchange(
                port,
                """
                %s %s HTTP/1.1
                Host: localhost
                Authorization: %s
                Content-Type: application/json
                Content-Length: %d
                """.formatted(method, path, RawHttp.basic(user), contentLength).replace("\n", "\r\n"),
                RequestBodyLimitsTest::startOfHugePatch);
    }

    private static JsonNode jsonError(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        return JSON.readTree(answer.body());
    }

    @Test
    void a_huge_patch_from_someone_who_may_not_edit_is_refused_before_its_body_is_read() {
        JsonNode error = jsonError(patchDeclaring("bob", HUGE), 403);

        assertThat(error.get("error").asString()).isEqualTo("forbidden");
        assertThat(error.get("message").asString()).contains("editor:dev");
    }

    @Test
    void a_huge_schema_or_application_from_someone_who_is_not_an_admin_is_refused_before_its_body_is_read() {
        assertThat(jsonError(declaring("PUT", "/api/v1/apps/payments/schema", "carol", HUGE), 403)
                        .get("message")
                        .asString())
                .contains("Only admins");
        assertThat(jsonError(declaring("POST", "/api/v1/apps", "carol", HUGE), 403)
                        .get("message")
                        .asString())
                .contains("Only admins");
    }

    @Test
    void a_patch_declaring_more_than_one_file_can_hold_is_refused_413_before_its_body_is_read() {
        JsonNode error = jsonError(patchDeclaring("alice", HUGE), 413);

        assertThat(error.get("error").asString()).isEqualTo("too_large");
        assertThat(error.get("details").get("limit").asLong()).isEqualTo(8L * MIB);
    }

    @Test
    void a_chunked_patch_is_refused_413_as_soon_as_it_passes_the_limit() {
        RawHttp.Answer answer = RawHttp.exchange(
                port, """
                PATCH %s HTTP/1.1
                Host: localhost
                Authorization: %s
                Content-Type: application/json
                Transfer-Encoding: chunked
                """.formatted(DEV, RawHttp.basic("alice")).replace("\n", "\r\n"), out -> {
                    byte[] start = "{\"baseRevision\":\"0000000000000000000000000000000000000000\",\"set\":{\"K0\":\""
                            .getBytes(StandardCharsets.US_ASCII);
                    byte[] chunk = digits(MIB).getBytes(StandardCharsets.US_ASCII);
                    out.write("%x\r\n".formatted(start.length).getBytes(StandardCharsets.US_ASCII));
                    out.write(start);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 9; i++) {
                        out.write("%x\r\n".formatted(chunk.length).getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush(); // and never the last chunk: only a server that stops reading at the limit answers
                });

        assertThat(jsonError(answer, 413).get("error").asString()).isEqualTo("too_large");
    }

    @Test
    void a_patch_as_large_as_one_file_may_hold_is_committed() {
        // committed into a copy: 4 MiB in the demo's payments would be in every other class's way
        String dev = "/api/v1/apps/"
                + new DemoCopies(store, secrets).copy("payments").value() + "/envs/dev/settings";
        String head = api.get(dev, "alice").json().get("revision").asString();
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            set.put("LARGE_" + i, digits(64 * 1024));
        }

        var answer = api.send(
                "PATCH", dev, "alice", Map.of("baseRevision", head, "message", "Sixty values of 64 KiB", "set", set));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(api.get(dev, "bob").json().get("settings").get("LARGE_59").asString())
                .hasSize(64 * 1024);
    }

    @Test
    void a_comment_larger_than_any_legal_comment_is_refused_413() {
        var answer = api.send("POST", "/api/v1/change-requests/1/comments", "bob", Map.of("text", digits(200 * 1024)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.json().get("error").asString()).isEqualTo("too_large");
    }
}
