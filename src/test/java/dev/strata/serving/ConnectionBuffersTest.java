package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The connection buffers that {@link ServingConnector} and {@link SmallRequestReaders} shrink so
 * that thousands of waiting clients fit in the heap are sizes, not limits: headers up to the 8 KB
 * the UI's cookies need, bodies read as characters, and chunked bodies all arrive whole.
 */
@ApiTest
@FreshDataDirectory
@Import(ConnectionBuffersTest.CharacterEcho.class)
class ConnectionBuffersTest {

    static final String ECHO = "/api/test-character-echo";

    @LocalServerPort
    int port;

    @Test
    void request_headers_close_to_the_8_kb_limit_are_read_whole_and_larger_ones_are_refused_431() throws IOException {
        String settings = "GET /api/v1/apps/payments/envs/dev/settings HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + basic("alice") + "\r\nCookie: filler=%s\r\nConnection: close\r\n\r\n";

        String large = exchange(settings.formatted("c".repeat(7_500)).getBytes(StandardCharsets.US_ASCII));
        String tooLarge = exchange(settings.formatted("c".repeat(9_000)).getBytes(StandardCharsets.US_ASCII));

        assertThat(large).startsWith("HTTP/1.1 200").contains("\"revision\"");
        assertThat(tooLarge).startsWith("HTTP/1.1 431");
    }

    @Test
    void a_body_read_as_characters_arrives_whole_however_large_and_however_many_characters_its_bytes_make()
            throws IOException {
        String body = "é€𝄞 plain ".repeat(5_000); // 2, 3 and 4 bytes per character: split across every buffer edge
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        String answer = exchange(concat(
                ("POST " + ECHO + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("admin")
                                + "\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: " + bytes.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                bytes));

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n" + body.length() + " " + body.hashCode());
    }

    @Test
    void a_chunked_edit_with_trailers_is_committed() throws IOException {
        String revision = exchange(("GET /api/v1/apps/payments/envs/dev/settings HTTP/1.1\r\nHost: localhost\r\n"
                                + "Authorization: " + basic("alice") + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII))
                .replaceAll("(?s).*\"revision\":\"([0-9a-f]{40})\".*", "$1");
        String json = "{\"baseRevision\":\"" + revision + "\",\"message\":\"chunked\",\"set\":{\"CHUNKED_KEY\":\""
                + "v".repeat(5_000) + "\"}}";
        var chunked = new StringBuilder();
        for (int start = 0; start < json.length(); start += 700) {
            String chunk = json.substring(start, Math.min(json.length(), start + 700));
            chunked.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        chunked.append("0\r\nX-Checksum: ").append("t".repeat(500)).append("\r\n\r\n");

        String answer = exchange(("PATCH /api/v1/apps/payments/envs/dev/settings HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: " + basic("alice") + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"revision\"");
    }

    private String exchange(byte[] request) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            var answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads its body with {@code getReader()}, as the UI's requests are read, and answers its length and hash. */
    @TestConfiguration(proxyBeanMethods = false)
    static class CharacterEcho {
        @Bean
        ServletRegistrationBean<HttpServlet> characterEcho() {
            return new ServletRegistrationBean<>(
                    new HttpServlet() {
                        @Override
                        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                                throws IOException {
                            var text = new StringBuilder();
                            char[] piece = new char[100];
                            var reader = request.getReader();
                            for (int read; (read = reader.read(piece)) >= 0; ) {
                                text.append(piece, 0, read);
                            }
                            byte[] answer = (text.length() + " "
                                            + text.toString().hashCode())
                                    .getBytes(StandardCharsets.US_ASCII);
                            response.setContentType("text/plain");
                            response.setContentLength(answer.length);
                            response.getOutputStream().write(answer);
                        }
                    },
                    ECHO);
        }
    }
}
