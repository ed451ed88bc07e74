package dev.strata.changes;

import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import java.time.Instant;
import java.util.List;

/**
 * A change request as a reviewer sees it: what it would change now, checked against the target's
 * schema and current values, who approved, what happened, and what the viewer may do with it.
 * Secret values are masked throughout.
 *
 * @param id                the change request
 * @param kind              promotion, edit or revert
 * @param state             open, merged or closed
 * @param app               the application
 * @param source            where a promotion takes its values from; null for other kinds
 * @param target            the environment it changes
 * @param title             one line
 * @param description       may be empty
 * @param author            who opened it
 * @param opened            when
 * @param base              the revision of the main branch its proposal was computed on
 * @param revertOf          the commit a revert undoes, or null
 * @param merged            the commit that merged it, or null
 * @param changes           one row per key it touches
 * @param approvals         the approvals that count
 * @param requiredApprovals what the target's policy asks for
 * @param events            the review record, oldest first
 * @param conflicts         keys whose target value changed since the proposal was computed
 * @param blockers          why it cannot be merged now, as sentences; empty when it can
 * @param may               what the person looking may do, each with the reason when not
 * @param freeze            why the target is frozen now, naming the end (also among the blockers), or null
 * @param soakUntil         when the target's soak lets this promotion merge, or null when no soak applies
 * @param notes             what a reviewer should know that blocks nothing (an edit is not held by soak)
 */
public record Review(
        long id,
        ChangeRequest.Kind kind,
        ChangeRequest.State state,
        String app,
        String source,
        String target,
        String title,
        String description,
        Participant author,
        Instant opened,
        Revision base,
        Revision revertOf,
        Revision merged,
        List<Row> changes,
        List<Event> approvals,
        int requiredApprovals,
        List<Event> events,
        List<String> conflicts,
        List<String> blockers,
        Permissions may,
        String freeze,
        Instant soakUntil,
        List<String> notes) {

    public boolean mergeable() {
        return blockers.isEmpty();
    }

    /** @param username the account; {@code name} and {@code email} as in commits */
    public record Participant(String username, String name, String email) {}

    /**
     * One key of the proposal.
     *
     * @param key      the key
     * @param kind     what the merge would do to it
     * @param current  its value in the target now (before the merge, once merged), masked when secret; null when not set
     * @param proposed its value after the merge, masked when secret; null when removed
     * @param type     its type in the target's schema
     * @param secret   whether its values are secret
     * @param problem  why the proposed value does not fit the schema, or null
     * @param conflict whether the target's value changed since the proposal was computed
     * @param defaultValue its default in the target's schema, which applies while it is not set; masked when secret,
     *                 null for none
     */
    public record Row(
            String key,
            KeyChange.Kind kind,
            String current,
            String proposed,
            String type,
            boolean secret,
            String problem,
            boolean conflict,
            String defaultValue) {}

    /** One entry of the record; {@code text} is a comment, {@code revision} a merge commit. */
    public record Event(
            ChangeRequestEvent.Type type, Participant actor, Instant time, String text, Revision revision) {}

    /**
     * What the viewer may do: each action is allowed when its reason is null, otherwise the reason
     * says why not (shown next to a disabled button).
     */
    public record Permissions(
            String approve, String merge, String refresh, String close, String reopen, String overrideFreeze) {}
}
