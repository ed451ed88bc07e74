package dev.strata.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The person behind the current request or UI session, for services that must check who acts.
 * For a local account the roles are those of users.yaml now, not at sign-in: a session of an
 * account disabled or changed since acts with what the account may do now.
 */
@Component
public class CurrentUser {

    private final AccountDirectory accounts;

    CurrentUser(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    public Optional<Person> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StrataUser user) {
            return accounts.find(user.getUsername())
                    .filter(account -> !account.disabled())
                    .map(Account::person);
        }
        if (authentication != null && authentication.getPrincipal() instanceof PersonPrincipal principal) {
            return Optional.of(principal.person());
        }
        return Optional.empty();
    }

    /** What the signed-in person must be told about their sign-in, such as why they may only read. */
    public Optional<String> signInNotice() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof PersonPrincipal principal) {
            return Optional.ofNullable(principal.signInNotice());
        }
        return Optional.empty();
    }

    /** The signed-in person; refuses when nobody is signed in. */
    public Person require() {
        return get().orElseThrow(() -> new AccessDeniedException("Sign in first."));
    }
}
