package dev.strata.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.Problem;
import dev.strata.config.ValidationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a webhook may target, with and without {@code STRATA_WEBHOOKS_ALLOWED_HOSTS}. */
class WebhookTest {

    private static Webhook create(String url, List<String> allowedHosts) {
        return Webhook.of("ci", url, List.of("commit"), null, "json", allowedHosts, Instant.EPOCH);
    }

    private static String urlProblem(String url, List<String> allowedHosts) {
        try {
            create(url, allowedHosts);
            return null;
        } catch (ValidationException e) {
            return e.problems().stream()
                    .filter(p -> p.subject().equals("url"))
                    .map(Problem::message)
                    .findFirst()
                    .orElse(null);
        }
    }

    @Test
    void with_hosts_limited_an_internal_address_is_refused_and_a_listed_host_is_taken() {
        List<String> allowed = List.of("hooks.slack.com", "ci.example.com");

        assertThat(urlProblem("http://169.254.169.254/latest/meta-data/", allowed))
                .contains("may only target hooks.slack.com");
        assertThat(urlProblem("http://localhost:8080/", allowed)).isNotNull();
        assertThat(urlProblem("https://hooks.slack.com.evil.example/x", allowed))
                .isNotNull();
        assertThat(urlProblem("https://HOOKS.slack.com/services/T0/B0/x", allowed))
                .isNull();
        assertThat(create("https://ci.example.com/strata", allowed).url().getHost())
                .isEqualTo("ci.example.com");
    }

    @Test
    void only_http_and_https_urls_with_a_host_and_without_credentials_are_targets() {
        assertThat(urlProblem("file:///etc/passwd", List.of())).contains("only http and https");
        assertThat(urlProblem("jar:http://example.com!/x", List.of())).contains("only http and https");
        assertThat(urlProblem("http:///nohost", List.of())).isNotNull();
        assertThat(urlProblem("https://user:secret@example.com/", List.of())).contains("credentials");
        assertThat(urlProblem("http://example.com/" + "a".repeat(64 * 1024), List.of()))
                .contains("at most 2000");
        assertThat(urlProblem("http://exa mple.com/", List.of())).startsWith("not a URL");
        assertThat(urlProblem("https://example.com/hook?team=a", List.of())).isNull();
    }

    @Test
    void every_wrong_field_is_named_at_once() {
        assertThatThrownBy(() -> Webhook.of(
                        "Bad Name",
                        "ftp://x",
                        List.of("commit", "rollout.paused"),
                        "a\nb",
                        "xml",
                        List.of(),
                        Instant.EPOCH))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::subject)
                                .containsExactly("name", "url", "events", "secret", "format"));
    }
}
