package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class StrataPropertiesTest {

    private static StrataProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("strata", StrataProperties.class);
    }

    @Test
    void maintenance_tokens_and_the_secrets_key_bind_with_their_defaults() {
        StrataProperties defaults = bind(Map.of());

        assertThat(defaults.secretsKey()).isEmpty();
        assertThat(defaults.maintenance().initialDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.maintenance().interval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.tokens().usageInterval()).isEqualTo(Duration.ofMinutes(1));

        StrataProperties set = bind(Map.of(
                "strata.maintenance.interval",
                "30m",
                "strata.tokens.usage-interval",
                "5s",
                "strata.secrets-key",
                "c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1pbi1iYXNlNjQ="));
        assertThat(set.maintenance().interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(set.maintenance().initialDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(set.tokens().usageInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.secretsKey()).startsWith("c2Vj");
    }

    @Test
    void the_secrets_key_never_appears_in_the_settings_as_text() {
        StrataProperties set = bind(Map.of("strata.secrets-key", "c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1pbi1iYXNlNjQ="));

        assertThat(set.toString()).doesNotContain("c2VjcmV0");
    }
}
