package dev.strata.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The person behind the current request or UI session, for services that must check who acts. */
@Component
public class CurrentUser {

    public Optional<Person> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StrataUser user) {
            return Optional.of(user.person());
        }
        return Optional.empty();
    }

    /** The signed-in person; refuses when nobody is signed in. */
    public Person require() {
        return get().orElseThrow(() -> new AccessDeniedException("Sign in first."));
    }
}
