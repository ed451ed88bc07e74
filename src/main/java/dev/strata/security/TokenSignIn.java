package dev.strata.security;

import java.util.Optional;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Signs a serving request in with a valid API token, for the serving endpoint's direct path, which
 * answers a served configuration without Spring Security's filter chain (see
 * {@code serving.DirectServing}). The rules are {@link TokenAuthenticationFilter}'s: the same header
 * forms and the same {@link TokenDirectory}. Only a valid token signs in: a missing, unknown or
 * expired one is left to the serving filter chain, which answers it as it answers every refusal.
 */
@Component
public class TokenSignIn {

    private final TokenDirectory tokens;

    TokenSignIn(TokenDirectory tokens) {
        this.tokens = tokens;
    }

    /**
     * The token {@code authorization} (the header's value) presents, set as the current
     * authentication until {@link #signOut()}; empty, with nothing set, unless it is valid now.
     */
    public Optional<ApiToken> signIn(String authorization) {
        String presented = TokenAuthenticationFilter.presentedToken(authorization);
        if (presented == null) {
            return Optional.empty();
        }
        Optional<ApiToken> token;
        try {
            token = tokens.authenticate(presented);
        } catch (CredentialsExpiredException e) {
            return Optional.empty(); // the filter chain says that it expired
        }
        token.ifPresent(match -> {
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new TokenAuthentication(match));
            SecurityContextHolder.setContext(context);
        });
        return token;
    }

    public void signOut() {
        SecurityContextHolder.clearContext();
    }
}
