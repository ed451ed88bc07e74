package dev.strata.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The API token behind the current serving request, for the scope checks of the serving endpoints. */
@Component
public class CurrentToken {

    public ApiToken require() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof TokenAuthentication token) {
            return token.getPrincipal();
        }
        throw new AccessDeniedException("This endpoint takes an API token.");
    }
}
