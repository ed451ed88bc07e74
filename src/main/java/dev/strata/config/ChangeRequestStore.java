package dev.strata.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where change requests live: each one's proposed content and its append-only review record.
 * Every write is a compare-and-swap on the record, so concurrent reviewers never lose an event.
 */
public interface ChangeRequestStore {

    /** Every change request that can be read, newest first (one that cannot is logged and left out). */
    List<ChangeRequest> all();

    /**
     * One change request.
     *
     * @throws NotFoundException when there is none with that id
     */
    ChangeRequest get(long id);

    /**
     * Opens a change request with the next unused id, its record starting with an
     * {@link ChangeRequestEvent.Type#OPENED} event by {@code author}.
     */
    ChangeRequest open(ChangeRequest.About about, Proposal proposal, Actor author);

    /**
     * Appends one event decided on the latest state: {@code decide} sees the change request as it
     * is and returns the step to record (or null to record nothing, or throws to refuse). When
     * someone else appended meanwhile, {@code decide} runs again on the new state.
     *
     * @return the change request after the step
     * @throws NotFoundException when there is none with that id
     */
    ChangeRequest append(long id, Function<ChangeRequest, @Nullable Step> decide);

    /**
     * Merges: {@code decide} sees the change request as it is and returns the change to commit on
     * the main branch (or throws to refuse). That commit and a {@link ChangeRequestEvent.Type#MERGED}
     * event naming it are recorded in one atomic step, so that after any failure or crash the change
     * is on main exactly when the change request says it was merged. When main or the record moved
     * meanwhile, {@code decide} runs again on the new state.
     *
     * @return the change request after the merge
     * @throws NotFoundException when there is none with that id
     * @throws ConflictException when the change conflicts with what main has now
     */
    ChangeRequest merge(long id, Function<ChangeRequest, Merge> decide);

    /**
     * One event to record.
     *
     * @param type     what happened
     * @param actor    who did it
     * @param text     a comment, or null
     * @param revision the commit on the main branch an event names (a merge's, which {@link #merge} records); otherwise null
     * @param proposal for a refresh, the new content; otherwise null
     */
    record Step(
            ChangeRequestEvent.Type type,
            Actor actor,
            @Nullable String text,
            @Nullable Revision revision,
            @Nullable Proposal proposal) {

        public Step {
            if ((type == ChangeRequestEvent.Type.REFRESHED) != (proposal != null)) {
                throw new IllegalArgumentException("a refresh, and only a refresh, brings a new proposal");
            }
            if (type == ChangeRequestEvent.Type.OPENED) {
                throw new IllegalArgumentException("a change request is opened only once");
            }
        }

        public static Step of(ChangeRequestEvent.Type type, Actor actor) {
            return new Step(type, actor, null, null, null);
        }
    }

    /**
     * A merge to record.
     *
     * @param changes the commit on the main branch
     * @param actor   who merges
     * @param text    recorded on the MERGED event (an admin's override of a freeze), or null
     */
    record Merge(ChangeSet changes, Actor actor, String text) {

        public Merge {
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(actor, "actor");
        }

        public Merge(ChangeSet changes, Actor actor) {
            this(changes, actor, null);
        }
    }
}
