package dev.strata.security;

import dev.strata.StrataProperties;
import java.nio.file.Path;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Strata's own password encoder at BCrypt's lowest strength, the strength of every Strata the tests
 * start ({@code src/test/resources/config/application.properties}): at the default each hash costs
 * tens of milliseconds of CPU. {@link PasswordStrengthTest} pins the default.
 */
final class TestPasswords {

    private TestPasswords() {}

    static PasswordEncoder encoder() {
        var lowest = new StrataProperties(Path.of("unused"), false, null, "", null, null, null, 4);
        return new SecurityConfiguration().passwordEncoder(lowest);
    }
}
