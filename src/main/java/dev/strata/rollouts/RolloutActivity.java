package dev.strata.rollouts;

import dev.strata.config.Actor;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rollout started, completed or aborted on this instance, for whoever reacts (webhooks).
 *
 * @param rollout  the rollout
 * @param outcome  what happened
 * @param actor    who did it
 * @param revision for a completed one, the commit main is at now; otherwise null
 */
public record RolloutActivity(
        Rollout rollout,
        Outcome outcome,
        Actor actor,
        @Nullable Revision revision) {

    public enum Outcome {
        STARTED,
        COMPLETED,
        ABORTED;

        /** The webhook event: {@code rollout.started}. */
        public String event() {
            return "rollout." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RolloutActivity {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
    }
}
