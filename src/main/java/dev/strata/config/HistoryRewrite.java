package dev.strata.config;

import java.time.Instant;
import java.util.Objects;

/**
 * The main branch was moved, outside Strata, to a commit whose history does not contain the head
 * Strata had last seen: commits were removed or replaced (a force push, a reset).
 *
 * @param lastSeen the head Strata saw before; its commits are kept reachable so they can be inspected
 * @param newHead  the head main was found at instead
 * @param detected when Strata noticed
 */
public record HistoryRewrite(Revision lastSeen, Revision newHead, Instant detected) {

    public HistoryRewrite {
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(newHead, "newHead");
        Objects.requireNonNull(detected, "detected");
    }
}
