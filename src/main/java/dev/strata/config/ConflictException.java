package dev.strata.config;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A change refused because what it touches changed since its base revision. Names each key with
 * its base, current and proposed value; the message names only the keys, since values may be
 * secrets.
 */
public class ConflictException extends RuntimeException {

    private final transient @Nullable AppEnv appEnv;
    private final transient Revision current;
    private final transient List<KeyConflict> conflicts;

    public ConflictException(AppEnv appEnv, Revision current, List<KeyConflict> conflicts) {
        super(message(appEnv, conflicts));
        this.appEnv = appEnv;
        this.current = current;
        this.conflicts = List.copyOf(conflicts);
    }

    /** A conflict on something other than settings keys (a schema), described by {@code message}. */
    public ConflictException(String message, Revision current) {
        super(message);
        this.appEnv = null;
        this.current = current;
        this.conflicts = List.of();
    }

    private static String message(AppEnv appEnv, List<KeyConflict> conflicts) {
        String keys = conflicts.stream().map(c -> c.key().value()).collect(Collectors.joining(", "));
        return "someone else changed " + keys + " in " + appEnv + " since your base revision;"
                + " reload, check their values and apply your change again";
    }

    /** The application and environment, or null for a conflict that is not about settings. */
    public @Nullable AppEnv appEnv() {
        return appEnv;
    }

    /** The revision the change would have had to be based on. */
    public Revision current() {
        return current;
    }

    public List<KeyConflict> conflicts() {
        return conflicts;
    }
}
