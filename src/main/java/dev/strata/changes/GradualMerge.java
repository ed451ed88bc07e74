package dev.strata.changes;

import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ConflictException;
import dev.strata.config.Rollout;
import java.util.function.Function;

/**
 * A merge that reaches some instances first: implemented by the rollouts, which depend on change
 * requests (for who may complete one) and so cannot be depended on from here.
 */
public interface GradualMerge {

    /**
     * Refuses a merge into the target of {@code request} while a rollout is in progress there.
     *
     * @throws ConflictException saying which rollout is in the way
     */
    void refuseWhileRollingOut(ChangeRequest request);

    /**
     * Starts a rollout of what {@code decide} would merge (it checks the rules, and may refuse)
     * instead of moving main.
     *
     * @return the change request after its record says so
     */
    ChangeRequest start(long id, Function<ChangeRequest, Merge> decide, Rollout.Selector selector);
}
