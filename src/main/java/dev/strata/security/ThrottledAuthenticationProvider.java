package dev.strata.security;

import dev.strata.AccessLog;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (the login page and HTTP Basic alike) through {@link LoginThrottle}, with an
 * access log line for every success, failure and refusal. A refused attempt gets the same answer
 * as a wrong password, after as much work: its password is checked against a stand-in hash,
 * so that neither the answer nor its timing tells that the name is locked out.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final boolean localAccounts;
    /** A hash in the encoder's current form, made on first use as DaoAuthenticationProvider makes its own. */
    private volatile String refusedHash;

    ThrottledAuthenticationProvider(
            DaoAuthenticationProvider passwords,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            boolean localAccounts) {
        this.passwords = passwords;
        this.encoder = encoder;
        this.throttle = throttle;
        this.localAccounts = localAccounts;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String address =
                attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        if (!localAccounts) {
            AccessLog.warn("sign-in-refused", "user", username, "address", address, "reason", "local-accounts-off");
            throw new BadCredentialsException("Bad credentials");
        }
        Instant lockedUntil = throttle.lockedUntil(username, address);
        if (lockedUntil != null) {
            // the work of a wrong password, so that how fast the answer comes does not tell that the name is locked out
            encoder.matches(String.valueOf(attempt.getCredentials()), refusedHash());
            AccessLog.warn("sign-in-refused", "user", username, "address", address, "until", lockedUntil);
            throw new BadCredentialsException("Bad credentials");
        }
        try {
            Authentication authenticated = passwords.authenticate(attempt);
            throttle.succeeded(username);
            AccessLog.info("sign-in", "user", username, "address", address);
            return authenticated;
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            AccessLog.warn("sign-in-failed", "user", username, "address", address);
            throw new BadCredentialsException("Bad credentials");
        }
    }

    private String refusedHash() {
        String hash = refusedHash;
        if (hash == null) {
            hash = encoder.encode("stand-in for a locked-out account's password");
            refusedHash = hash;
        }
        return hash;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
