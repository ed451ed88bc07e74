package dev.strata.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /actuator/prometheus}: Strata's metrics in the Prometheus text format, for admins and metrics
 * tokens. It shares its Strata with the other {@link ApiTest} classes: its tokens are its own, it commits
 * only into a copy of the demo's payments, and it compares counts before and after.
 */
@ApiTest
class PrometheusEndpointTest {

    /** This class's copy of payments, the only application it commits into. */
    static AppName app;

    static String metricsToken;
    /** A token for the dev environment of {@link #app}. */
    static String appToken;

    /** One sample line: a name, optional labels, a value (and an optional timestamp). */
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    @BeforeAll
    static void copyAndTokens(
            @Autowired ConfigStore store, @Autowired Secrets secrets, @Autowired TokenDirectory tokens) {
        app = new DemoCopies(store, secrets).copy("payments");
        metricsToken = tokens.issue("prometheus-scraper", List.of("metrics"));
        appToken = tokens.issue("prometheus-" + app.value() + "-dev", List.of(app.value() + ":dev"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private record Sample(String name, Map<String, String> labels, double value) {}

    /** Every line is a comment or a sample; the samples by name and labels. */
    private static Map<String, Sample> parse(String exposition) {
        Map<String, Sample> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                assertThat(end)
                        .as("labels of %s", line)
                        .isEqualTo(sample.group(3).length());
            }
            samples.put(
                    sample.group(1) + labels, new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    private Map<String, Sample> scrape() throws Exception {
        var response = get("/actuator/prometheus", "Bearer " + metricsToken);
        assertThat(response.statusCode()).isEqualTo(200);
        return parse(response.body());
    }

    private static double value(Map<String, Sample> samples, String name, Map<String, String> labels) {
        Sample sample = samples.get(name + new TreeMap<>(labels));
        return sample == null ? 0 : sample.value();
    }

    private Revision commit(String env, String key, String value, Revision base) {
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey(key), value));
        return store.commit(new ChangeSet(
                        app,
                        new EnvName(env),
                        set,
                        new TreeSet<>(),
                        "metrics",
                        new Author("Carol Danvers", "carol@example.com"),
                        base))
                .revision();
    }

    @Test
    void an_admin_and_a_metrics_token_may_scrape_and_others_may_not() throws Exception {
        var admin = get("/actuator/prometheus", basic("admin"));
        var metrics = get("/actuator/prometheus", "Bearer " + metricsToken);

        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", "Bearer " + appToken).statusCode())
                .isEqualTo(403);
        assertThat(get("/actuator/prometheus", basic("alice")).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "Bearer not-a-token").statusCode())
                .isEqualTo(401);
    }

    @Test
    void a_metrics_token_reads_no_configuration_and_no_other_actuator_endpoint() throws Exception {
        assertThat(get("/api/v1/config/payments/dev", "Bearer " + metricsToken).statusCode())
                .isEqualTo(403);
        assertThat(get("/actuator/info", "Bearer " + metricsToken).statusCode()).isEqualTo(403);
    }

    @Test
    void commits_conflicts_and_served_requests_are_counted_in_the_exposition_format() throws Exception {
        Map<String, String> devPayments = Map.of("app", app.value(), "env", "dev");
        // the commits are counted on a thread of their own: the copy's own commit into dev first
        Map<String, Sample> before = await().atMost(Duration.ofSeconds(10))
                .until(this::scrape, samples -> value(samples, "strata_commits_total", devPayments) == 1);
        Revision base = store.head();

        commit("dev", "LOG_LEVEL", "ERROR", base);
        assertThatThrownBy(() -> commit("dev", "LOG_LEVEL", "INFO", base)).isInstanceOf(ConflictException.class);
        assertThat(get("/api/v1/config/" + app.value() + "/dev?format=yaml", "Bearer " + appToken)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/config/" + app.value() + "/production", "Bearer " + appToken)
                        .statusCode())
                .isEqualTo(403);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Sample> after = scrape();
            assertThat(value(after, "strata_commits_total", devPayments))
                    .isEqualTo(value(before, "strata_commits_total", devPayments) + 1);
            assertThat(value(after, "strata_conflicts_total", devPayments))
                    .isEqualTo(value(before, "strata_conflicts_total", devPayments) + 1);
            assertThat(value(after, "strata_served_requests_total", Map.of("format", "yaml", "status", "200")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(after, "strata_served_requests_total", Map.of("format", "none", "status", "403")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after).containsKey("strata_watchers{}");
            assertThat(after).containsKey("strata_change_requests{state=open}");
        });
    }
}
