package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token scope {@code metrics}: reads /actuator/prometheus, fetches no configuration. */
class MetricsScopeTest {

    @TempDir
    Path dataDir;

    @Test
    void a_metrics_token_is_issued_kept_in_the_file_and_covers_no_application() throws Exception {
        var directory = new TokenDirectory(new DataDirectory(dataDir));

        String secret = directory.issue("prometheus", List.of("metrics"));

        assertThat(Files.readString(dataDir.resolve("tokens.yaml"))).contains("metrics");
        var token = new TokenDirectory(new DataDirectory(dataDir))
                .authenticate(secret)
                .orElseThrow();
        assertThat(token.readsMetrics()).isTrue();
        assertThat(token.scopes()).extracting(TokenScope::toString).containsExactly("metrics");
        assertThat(token.covers("payments", "production", List.of())).isFalse();
        assertThat(token.coversApplication("metrics", List.of())).isFalse();
        assertThat(token.covers("payments", "production", List.of("team-payments")))
                .isFalse();
    }

    @Test
    void an_application_scope_does_not_read_metrics_and_an_application_named_metrics_is_still_one() {
        var app = new ApiToken("app", "0".repeat(64), List.of(TokenScope.parse("*:*")), null, null);
        var named = TokenScope.parse("metrics:dev");

        assertThat(app.readsMetrics()).isFalse();
        assertThat(named.isMetrics()).isFalse();
        assertThat(named.covers("metrics", "dev", List.of())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"METRICS", " metrics", "metrics:", "metric", "metrics*"})
    void lookalikes_of_the_metrics_scope_are_refused(String scope) {
        assertThatThrownBy(() -> TokenScope.parse(scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("or metrics");
    }
}
