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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What people send never writes a line of its own into the log. The failed sign-ins come from an
 * address of the class's own ({@link LoopbackAddress}) and name nobody else signs in as, so it shares
 * the {@link ApiTest} Strata.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class LogForgingTest {

    private static final String FORGED = "access event=sign-in user=admin address=127.0.0.1";

    @LocalServerPort
    int port;

    private final HttpClient http = LoopbackAddress.LOG_FORGING.client();

    private int apps(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(
                        HttpRequest.newBuilder(URI.create(LoopbackAddress.base(port) + "/api/v1/apps"))
                                .header("Authorization", "Basic " + basic)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void a_user_name_with_line_breaks_cannot_forge_a_sign_in_line(CapturedOutput output) throws Exception {
        for (String separator : new String[] {"\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\u000b", "\f"}) {
            assertThat(apps("mallory" + separator + FORGED, "wrong")).isEqualTo(401);
        }

        assertThat(output.getAll()).contains("access event=sign-in-failed user=\"mallory");
        assertThat(output.getAll().split("\\R")).noneMatch(line -> line.startsWith("access event"));
    }

    @Test
    void a_user_name_with_spaces_cannot_add_fields_to_its_sign_in_line(CapturedOutput output) throws Exception {
        assertThat(apps("mallory " + FORGED, "wrong")).isEqualTo(401);

        assertThat(output.getAll())
                .contains("access event=sign-in-failed user=\"mallory " + FORGED + "\" address="
                        + LoopbackAddress.LOG_FORGING.text());
    }
}
