package dev.strata.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An application authenticated by its API token. */
final class TokenAuthentication extends AbstractAuthenticationToken {

    /** The authority of a token with the scope {@code metrics}, which the Actuator chain asks for. */
    static final String METRICS = "METRICS";

    private final transient ApiToken token;

    TokenAuthentication(ApiToken token) {
        super(
                token.readsMetrics()
                        ? List.of(new SimpleGrantedAuthority("TOKEN"), new SimpleGrantedAuthority(METRICS))
                        : List.of(new SimpleGrantedAuthority("TOKEN")));
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiToken getPrincipal() {
        return token;
    }
}
