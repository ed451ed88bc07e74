package dev.strata.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A proposed change to one application in one target environment, with its review record. Its
 * state, approvals and author all follow from the events, which are never rewritten.
 *
 * @param id       sequential, never reused
 * @param about    what it proposes and why, as written when it was opened
 * @param proposal what it would change now (a refresh replaces it)
 * @param events   the review record, oldest first; the first is {@link ChangeRequestEvent.Type#OPENED}
 */
public record ChangeRequest(long id, About about, Proposal proposal, List<ChangeRequestEvent> events) {

    public enum Kind {
        /** Brings the target up to the values of the environment before it. */
        PROMOTION,
        /** A direct change proposed for the target (a hotfix). */
        EDIT,
        /** Undoes an earlier commit in the target. */
        REVERT;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum State {
        OPEN,
        MERGED,
        CLOSED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Titles are one line, like a commit subject. */
    public static final int MAX_TITLE_LENGTH = 200;
    /** Title and description become the message of the merge commit, which must stay within its bound. */
    public static final int MAX_DESCRIPTION_LENGTH = 5_000;

    public ChangeRequest {
        if (id < 1) {
            throw new IllegalArgumentException("change request ids start at 1");
        }
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(proposal, "proposal");
        events = List.copyOf(events);
        if (events.isEmpty() || events.getFirst().type() != ChangeRequestEvent.Type.OPENED) {
            throw new IllegalArgumentException("the record of change request " + id + " must start with its opening");
        }
    }

    /**
     * What a change request proposes and why, fixed when it is opened.
     *
     * @param kind        promotion, edit or revert
     * @param app         the application
     * @param source      the environment a promotion takes its values from; null for other kinds
     * @param target      the environment it changes
     * @param title       one line
     * @param description free text, may be empty
     * @param selection   the keys a promotion was asked to bring over; null for "every key that differs,
     *                    {@code envSpecific} ones excepted" (then a refresh takes what differs by then)
     * @param revertOf    the commit a revert undoes; null for other kinds
     */
    public record About(
            Kind kind,
            AppName app,
            @Nullable EnvName source,
            EnvName target,
            String title,
            String description,
            @Nullable SortedSet<SettingKey> selection,
            @Nullable Revision revertOf) {

        public About {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(target, "target");
            description = description == null ? "" : description;
            selection = selection == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(selection));
            List<Problem> problems = new ArrayList<>();
            String titleProblem = titleProblem(title);
            if (titleProblem != null) {
                problems.add(new Problem("title", titleProblem));
            }
            if (description.length() > MAX_DESCRIPTION_LENGTH || description.indexOf('\0') >= 0) {
                problems.add(new Problem(
                        "description",
                        "a description is at most " + MAX_DESCRIPTION_LENGTH + " characters without NUL"));
            }
            if ((kind == Kind.PROMOTION) != (source != null)) {
                problems.add(new Problem("source", "a promotion, and only a promotion, has a source environment"));
            }
            if ((kind == Kind.REVERT) != (revertOf != null)) {
                problems.add(new Problem("revision", "a revert, and only a revert, names the commit it undoes"));
            }
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
        }

        private static @Nullable String titleProblem(@Nullable String title) {
            if (title == null || title.isBlank()) {
                return "a title is required";
            }
            if (title.length() > MAX_TITLE_LENGTH) {
                return "a title is at most " + MAX_TITLE_LENGTH + " characters; this one has " + title.length();
            }
            if (title.chars().anyMatch(Character::isISOControl)) {
                return "a title is one line without control characters";
            }
            return null;
        }

        public AppEnv appEnv() {
            return new AppEnv(app, target);
        }
    }

    public Actor author() {
        return events.getFirst().actor();
    }

    public Instant opened() {
        return events.getFirst().time();
    }

    public State state() {
        State state = State.OPEN;
        for (ChangeRequestEvent event : events) {
            switch (event.type()) {
                case MERGED -> state = State.MERGED;
                case CLOSED -> state = State.CLOSED;
                case REOPENED -> state = State.OPEN;
                default -> {}
            }
        }
        return state;
    }

    public boolean isOpen() {
        return state() == State.OPEN;
    }

    /** The commit that merged it, once merged. */
    public Revision mergedRevision() {
        return events.stream()
                .filter(e -> e.type() == ChangeRequestEvent.Type.MERGED)
                .map(ChangeRequestEvent::revision)
                .reduce((a, b) -> b)
                .orElse(null);
    }

    /** The accounts that shaped its content (its author and whoever refreshed it): they never approve it. */
    public Set<String> contributors() {
        Set<String> names = new TreeSet<>();
        for (ChangeRequestEvent event : events) {
            if (event.type() == ChangeRequestEvent.Type.OPENED || event.type() == ChangeRequestEvent.Type.REFRESHED) {
                names.add(event.actor().username());
            }
        }
        return names;
    }

    /**
     * The approvals that count: those given since the content was last set (opened, refreshed or
     * reopened), one per person, none by a contributor.
     */
    public List<ChangeRequestEvent> approvals() {
        Set<String> contributors = contributors();
        Map<String, ChangeRequestEvent> byPerson = new LinkedHashMap<>();
        for (ChangeRequestEvent event : events) {
            if (event.type().restartsReview()) {
                byPerson.clear();
            } else if (event.type() == ChangeRequestEvent.Type.APPROVED
                    && !contributors.contains(event.actor().username())) {
                byPerson.putIfAbsent(event.actor().username(), event);
            }
        }
        return List.copyOf(byPerson.values());
    }

    /** Whether {@code username} has an approval that counts. */
    public boolean approvedBy(String username) {
        return approvals().stream().anyMatch(e -> e.actor().username().equals(username));
    }

    public List<ChangeRequestEvent> comments() {
        return events.stream()
                .filter(e -> e.type() == ChangeRequestEvent.Type.COMMENTED)
                .toList();
    }

    /** The last time anything happened to it. */
    public Instant updated() {
        return events.getLast().time();
    }
}
