package dev.strata.config;

import java.util.List;

/**
 * Where rollouts in progress are recorded, so that a restart, or another Strata instance on the
 * same remote, serves exactly the same: at most one per application and environment.
 */
public interface RolloutStore {

    /** Every rollout in progress (one whose record cannot be read is logged and left out). */
    List<Rollout> all();

    /**
     * Commits {@code changes} as the candidate on top of main, without moving main, and records the
     * rollout of it, with {@code text} as a comment on the change request.
     *
     * @throws ConflictException when a rollout is in progress for that application and environment,
     *                           or the change conflicts with main
     */
    Rollout start(long changeRequest, ChangeSet changes, Rollout.Selector selector, Actor actor, String text);

    /**
     * Moves main to the candidate (a fast-forward when main has not moved since the start, otherwise
     * the candidate's change committed on main as a merge is), records the MERGED event on the change
     * request with {@code text}, and ends the rollout, in one atomic step.
     *
     * @return the commit main is at now, holding the change
     * @throws ConflictException when the rollout is no longer in progress, or main conflicts with it
     */
    Revision complete(Rollout rollout, Actor actor, String text);

    /**
     * Ends the rollout without moving main, recording {@code text} as a comment on the change request.
     *
     * @throws ConflictException when it is no longer in progress
     */
    void abort(Rollout rollout, Actor actor, String text);
}
