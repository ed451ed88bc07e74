package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class ThrottledAuthenticationProviderTest {

    /** Strata's encoder, counting how often a password is checked against a hash. */
    private static final class CountingEncoder implements PasswordEncoder {
        private final PasswordEncoder real = TestPasswords.encoder();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }

    private final CountingEncoder encoder = new CountingEncoder();
    private final LoginThrottle throttle = new LoginThrottle();
    private final ThrottledAuthenticationProvider provider = provider();

    private ThrottledAuthenticationProvider provider() {
        var passwords = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(User.withUsername("carol")
                .password(encoder.encode("demo"))
                .roles("USER")
                .build()));
        passwords.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(passwords, encoder, throttle, true);
    }

    private void signIn(String username, String password) {
        provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
    }

    @Test
    void a_locked_out_sign_in_checks_a_password_hash_as_a_wrong_password_does() {
        for (int i = 0; i < LoginThrottle.USER_LIMIT; i++) {
            assertThatThrownBy(() -> signIn("carol", "wrong")).isInstanceOf(BadCredentialsException.class);
        }
        int before = encoder.checks.get();

        assertThatThrownBy(() -> signIn("carol", "demo")).isInstanceOf(BadCredentialsException.class);

        assertThat(encoder.checks.get() - before)
                .as("password hashes checked for the refused attempt")
                .isEqualTo(1);
    }

    @Test
    void the_right_password_signs_in_after_one_check() {
        signIn("carol", "demo");

        assertThat(encoder.checks.get()).isEqualTo(1);
    }
}
