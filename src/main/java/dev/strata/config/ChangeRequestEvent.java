package dev.strata.config;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a change request's review record, by the person who did it.
 *
 * @param type     what happened
 * @param actor    who
 * @param time     when
 * @param text     the comment, or null
 * @param revision for {@link Type#MERGED} the commit on the main branch; otherwise null
 */
public record ChangeRequestEvent(
        Type type, Actor actor, Instant time, @Nullable String text, Revision revision) {

    /** Longest comment accepted: a review thread is for people, not for pasting files. */
    public static final int MAX_COMMENT_LENGTH = 10_000;

    public enum Type {
        OPENED,
        COMMENTED,
        APPROVED,
        REFRESHED,
        MERGED,
        CLOSED,
        REOPENED;

        /** The word used in the record and the API: {@code approved}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Events after which earlier approvals no longer count: the content (or its review) starts again. */
        boolean restartsReview() {
            return this == OPENED || this == REFRESHED || this == REOPENED;
        }
    }

    public ChangeRequestEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(time, "time");
        if (type == Type.COMMENTED) {
            String problem = commentProblem(text);
            if (problem != null) {
                throw new ValidationException("text", problem);
            }
        }
    }

    /** What is wrong with a comment, or null when it is fine. */
    public static @Nullable String commentProblem(String text) {
        if (text == null || text.isBlank()) {
            return "a comment must not be empty";
        }
        if (text.length() > MAX_COMMENT_LENGTH) {
            return "a comment is at most " + MAX_COMMENT_LENGTH + " characters; this one has " + text.length();
        }
        if (text.indexOf('\0') >= 0) {
            return "a comment must not contain NUL";
        }
        return null;
    }
}
