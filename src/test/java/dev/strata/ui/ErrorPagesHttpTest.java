package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A browser's plain requests for addresses that are no page: the sign-in page, or the app's own error page, never Spring's. */
@ApiTest
class ErrorPagesHttpTest {

    @LocalServerPort
    int port;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private HttpResponse<String> open(String path) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void signInAs(String username) throws Exception {
        var signIn = browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nosuchpage", "/nosuchpage.txt", "/no/such/page"})
    void anonymous_people_asking_for_an_unknown_address_are_sent_to_sign_in(String path) throws Exception {
        var answer = open(path);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValue("/login");
        assertThat(answer.body()).doesNotContain("Whitelabel");
    }

    /**
     * The app answers, and its router shows the "Page not found" page (ErrorPagesTest): Vaadin 25 sends
     * the same start page for every address and routes afterwards, so the document itself comes with 200.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/nosuchpage", "/nosuchpage.txt", "/no/such/page", "/admin"})
    void signed_in_people_asking_for_an_unknown_or_forbidden_address_get_the_app_not_springs_error_page(String path)
            throws Exception {
        signInAs("bob");

        var answer = open(path);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("Whitelabel").contains("window.Vaadin");
    }

    /** Addresses the app's router never sees (its own files) still get an error page that looks like Strata, with the way back. */
    @ParameterizedTest
    @ValueSource(strings = {"/VAADIN/no-such-file.js", "/error"})
    void a_missing_file_of_the_app_gets_strata_s_error_page(String path) throws Exception {
        signInAs("bob");

        var answer = open(path);

        assertThat(answer.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(answer.body()).doesNotContain("Whitelabel").contains("Strata", "href=\"/\"");
    }
}
