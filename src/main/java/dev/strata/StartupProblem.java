package dev.strata;

/**
 * A reason Strata cannot start that a person can fix: a bad data directory or account file.
 * Start-up fails with the message and the action, without a stack trace.
 */
public class StartupProblem extends RuntimeException {

    private final String action;

    public StartupProblem(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
