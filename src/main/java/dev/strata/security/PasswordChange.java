package dev.strata.security;

import dev.strata.AccessLog;
import dev.strata.config.ValidationException;
import org.springframework.stereotype.Service;

/**
 * A person changing their own password. Wrong current passwords count as failed sign-ins, so this
 * is no way around the lockout.
 */
@Service
public class PasswordChange {

    private final CurrentUser currentUser;
    private final AccountDirectory accounts;
    private final LoginThrottle throttle;

    PasswordChange(CurrentUser currentUser, AccountDirectory accounts, LoginThrottle throttle) {
        this.currentUser = currentUser;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /** Whether the signed-in person has a local account, whose password they can change here. */
    public boolean available() {
        return currentUser
                .get()
                .flatMap(person -> accounts.find(person.username()))
                .isPresent();
    }

    /**
     * Replaces the signed-in person's password.
     *
     * @throws ValidationException naming the field: {@code current}, {@code password} or {@code repeat}
     */
    public void change(String current, String password, String repeat) {
        Person person = currentUser.require();
        if (throttle.lockedUntil(person.username(), null) != null) {
            AccessLog.warn("password-change-refused", "user", person.username());
            throw new ValidationException("current", "Too many wrong passwords; try again later.");
        }
        if (password == null || !password.equals(repeat)) {
            throw new ValidationException("repeat", "The two new passwords differ.");
        }
        try {
            accounts.changeOwnPassword(person.username(), current, password);
        } catch (ValidationException e) {
            if (e.problems().stream().anyMatch(p -> p.subject().equals("current"))) {
                throttle.failed(person.username(), null);
                AccessLog.warn("password-change-failed", "user", person.username());
            }
            throw e;
        }
        AccessLog.info("password-changed", "user", person.username());
    }
}
