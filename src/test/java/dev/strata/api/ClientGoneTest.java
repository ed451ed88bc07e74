package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * A client that hangs up while it is being answered ({@code curl | head}, a timeout, a closed tab)
 * makes the answer fail as Spring reports it: the JSON writer's or the CSV export's exception around
 * the response's. That is no error of the server's: nothing to answer, nothing logged as an error.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientGoneTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    private static AsyncRequestNotUsableException hungUp() {
        return new AsyncRequestNotUsableException(
                "ServletOutputStream failed to write: java.io.IOException: Broken pipe",
                new IOException("Broken pipe"));
    }

    @Test
    void a_client_that_hangs_up_during_a_json_answer_is_not_logged_as_an_error(CapturedOutput log) {
        var failure = new HttpMessageNotWritableException("Could not write JSON: " + hungUp().getMessage(), hungUp());

        assertThat(handler.failed(failure)).as("nobody is left to answer").isNull();
        assertThat(log.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    @Test
    void a_client_that_hangs_up_during_an_export_is_not_logged_as_an_error(CapturedOutput log) {
        var failure = new UncheckedIOException(hungUp());

        assertThat(handler.failed(failure)).isNull();
        assertThat(log.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    @Test
    void a_failure_of_the_server_itself_is_still_logged_as_an_error(CapturedOutput log) {
        assertThat(handler.failed(new IllegalStateException("a bug"))
                        .getStatusCode()
                        .value())
                .isEqualTo(500);
        assertThat(log.getAll()).contains("ERROR");
    }
}
