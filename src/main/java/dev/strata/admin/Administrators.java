package dev.strata.admin;

import dev.strata.AccessLog;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The check every admin action starts with, and the access log line it ends with. */
@Component
class Administrators {

    private final CurrentUser currentUser;

    Administrators(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    /** The signed-in admin; refuses everyone else. */
    Person require() {
        Person person = currentUser.require();
        if (!person.isAdmin()) {
            throw new AccessDeniedException("Only admins manage accounts, tokens and environment policies.");
        }
        return person;
    }

    void log(Person admin, String action, String target) {
        AccessLog.info("admin", "action", action, "actor", admin.username(), "target", target);
    }
}
