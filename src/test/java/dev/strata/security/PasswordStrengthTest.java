package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class PasswordStrengthTest {

    private static final Path DATA = Path.of("data");

    @Test
    void passwords_are_hashed_with_bcrypt_at_strength_10_unless_configured() {
        var encoder = new SecurityConfiguration().passwordEncoder(new StrataProperties(DATA, false, null));

        String hash = encoder.encode("correct horse");

        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(encoder.matches("correct horse", hash)).isTrue();
        assertThat(encoder.matches("wrong horse", hash)).isFalse();
    }

    @Test
    void a_configured_strength_is_used_for_new_hashes_and_older_hashes_still_match() {
        var encoder = new SecurityConfiguration().passwordEncoder(withStrength(5));
        String older = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("demo");

        assertThat(encoder.encode("demo")).startsWith("{bcrypt}$2a$05$");
        assertThat(encoder.matches("demo", older)).isTrue();
        assertThat(encoder.matches("demo", "{noop}demo")).isTrue();
        assertThat(encoder.matches("other", "{noop}demo")).isFalse();
    }

    @Test
    void a_strength_bcrypt_does_not_have_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> withStrength(3))
                .hasMessageContaining("STRATA_PASSWORD_STRENGTH")
                .hasMessageContaining("between 4 and 31")
                .hasMessageContaining("it is 3");
        assertThatThrownBy(() -> withStrength(32)).hasMessageContaining("it is 32");
    }

    private static StrataProperties withStrength(int strength) {
        return new StrataProperties(DATA, false, null, "", null, null, Duration.ofSeconds(10), strength);
    }
}
