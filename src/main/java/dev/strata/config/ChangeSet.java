package dev.strata.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A change to the settings of one application in one environment, by one person, based on the
 * revision they saw. It becomes exactly one commit, or nothing.
 *
 * @param app     the application
 * @param env     the environment
 * @param set     keys to give a value
 * @param unset   keys to remove
 * @param message why, as the commit message
 * @param author  who
 * @param base    the revision the change was made against
 */
public record ChangeSet(
        AppName app,
        EnvName env,
        SortedMap<SettingKey, String> set,
        SortedSet<SettingKey> unset,
        String message,
        Author author,
        Revision base) {

    /** Commit messages are for people; this bounds what one request can put into the history. */
    public static final int MAX_MESSAGE_LENGTH = 10_000;

    public ChangeSet {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(base, "base");
        set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
        unset = Collections.unmodifiableSortedSet(new TreeSet<>(unset));
        List<Problem> problems = new ArrayList<>();
        if (set.isEmpty() && unset.isEmpty()) {
            problems.add(new Problem("changes", "a change must set or unset at least one key"));
        }
        set.forEach((key, value) -> {
            String problem = Rules.valueProblem(value);
            if (problem != null) {
                problems.add(new Problem(key.value(), problem));
            }
        });
        for (SettingKey key : unset) {
            if (set.containsKey(key)) {
                problems.add(new Problem(key.value(), "a key cannot be both set and unset in one change"));
            }
        }
        String messageProblem = messageProblem(message);
        if (messageProblem != null) {
            problems.add(new Problem("message", messageProblem));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** What is wrong with a commit message, or null when it is fine. */
    public static @Nullable String messageProblem(String message) {
        if (message == null || message.isBlank()) {
            return "a message saying why is required";
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            return "message is " + message.length() + " characters long; at most " + MAX_MESSAGE_LENGTH
                    + " are allowed";
        }
        if (message.indexOf('\0') >= 0) {
            return "message must not contain NUL";
        }
        return null;
    }

    public AppEnv appEnv() {
        return new AppEnv(app, env);
    }

    /**
     * The keys this change touches that someone else changed since its base: the one rule of a
     * key-by-key conflict, for a save on main and for a rollout's next candidate alike.
     *
     * @param baseSettings    the settings at the revision the change was made against
     * @param currentSettings the settings it would now be applied to
     */
    public List<KeyConflict> conflictsWith(Settings baseSettings, Settings currentSettings) {
        List<KeyConflict> conflicts = new ArrayList<>();
        for (KeyChange change : KeyChange.between(baseSettings, currentSettings)) {
            if (set.containsKey(change.key()) || unset.contains(change.key())) {
                conflicts.add(new KeyConflict(change.key(), change.before(), change.after(), set.get(change.key())));
            }
        }
        return conflicts;
    }
}
