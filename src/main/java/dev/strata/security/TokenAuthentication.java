package dev.strata.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An application authenticated by its API token. */
final class TokenAuthentication extends AbstractAuthenticationToken {

    private final transient ApiToken token;

    TokenAuthentication(ApiToken token) {
        super(List.of(new SimpleGrantedAuthority("TOKEN")));
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
