package dev.strata.config;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How this instance stands with its remote.
 *
 * @param remote      the remote's address with any password removed
 * @param branch      the remote branch that mirrors {@code main}
 * @param lastFetch   the last successful fetch, or null
 * @param lastPush    the last successful push, or null
 * @param lastFailure when the last fetch or push failed, or null when the latest one worked
 * @param failure     why it failed, or null
 * @param divergence  why the remote's branch is refused (rewritten, or another repository), or null
 */
public record ReplicationStatus(
        String remote,
        String branch,
        @Nullable Instant lastFetch,
        @Nullable Instant lastPush,
        @Nullable Instant lastFailure,
        @Nullable String failure,
        @Nullable String divergence) {

    /** Writes can reach the remote: it answered last time and its history is Strata's. */
    public boolean healthy() {
        return failure == null && divergence == null;
    }
}
