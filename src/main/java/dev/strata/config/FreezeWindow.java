package dev.strata.config;

import java.time.Instant;
import java.util.Objects;

/**
 * A time in which nothing merges into an environment (a year-end freeze), unless an admin overrides
 * it with a reason. Windows may overlap: an environment is frozen while any of them covers the moment.
 *
 * @param from   the first frozen instant
 * @param until  the first instant after the freeze
 * @param reason why, shown to whoever is refused
 */
public record FreezeWindow(Instant from, Instant until, String reason) {

    /** Reasons are one line, like a commit subject. */
    public static final int MAX_REASON_LENGTH = 200;

    public FreezeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new ValidationException(
                    "freeze", "a freeze window ends after it starts; " + until + " is not after " + from);
        }
        String problem = reasonProblem(reason);
        if (problem != null) {
            throw new ValidationException("freeze", problem);
        }
    }

    /** What is wrong with a freeze's (or an override's) reason, or null when it is fine. */
    public static String reasonProblem(String reason) {
        if (reason == null || reason.isBlank()) {
            return "a reason is required";
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            return "a reason is at most " + MAX_REASON_LENGTH + " characters; this one has " + reason.length();
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            return "a reason is one line without control characters";
        }
        return null;
    }

    public boolean covers(Instant moment) {
        return !moment.isBefore(from) && moment.isBefore(until);
    }
}
