package dev.strata.editing;

import dev.strata.config.EnvName;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Edits a person has made on the application page but not saved yet. They all concern one
 * environment and one base revision, so that saving them is exactly one commit.
 */
public final class Draft {

    private EnvName env;
    private Revision base;
    private final SortedMap<SettingKey, String> set = new TreeMap<>();
    private final SortedSet<SettingKey> unset = new TreeSet<>();

    /** The environment the pending changes are for, or empty when there are none. */
    public Optional<EnvName> env() {
        return Optional.ofNullable(env);
    }

    /** The revision the pending changes were made against, or null when there are none. */
    public Revision base() {
        return base;
    }

    /** Whether a change to {@code env} may join this draft: it is empty or already about {@code env}. */
    public boolean accepts(EnvName env) {
        return this.env == null || this.env.equals(env);
    }

    public boolean isEmpty() {
        return set.isEmpty() && unset.isEmpty();
    }

    public int size() {
        return set.size() + unset.size();
    }

    /**
     * Gives {@code key} a new value; a value equal to what the file holds ({@code current}) withdraws
     * the pending change instead, so that a change undone by hand does not end up in the commit.
     *
     * @param current the value in the file at {@code base}, or null when unset or unknown (a masked secret)
     */
    public void set(EnvName env, Revision base, SettingKey key, String value, String current) {
        join(env, base);
        unset.remove(key);
        if (value.equals(current)) {
            set.remove(key);
        } else {
            set.put(key, value);
        }
        clearWhenEmpty();
    }

    /**
     * Removes {@code key} from the environment; when the file does not hold it (it was only added in
     * this draft) the pending addition is withdrawn.
     *
     * @param inFile whether the environment's file holds the key at {@code base}
     */
    public void unset(EnvName env, Revision base, SettingKey key, boolean inFile) {
        join(env, base);
        set.remove(key);
        if (inFile) {
            unset.add(key);
        }
        clearWhenEmpty();
    }

    /** Drops the pending change of {@code key}, if any. */
    public void withdraw(SettingKey key) {
        set.remove(key);
        unset.remove(key);
        clearWhenEmpty();
    }

    public void discard() {
        set.clear();
        unset.clear();
        clearWhenEmpty();
    }

    /** The pending change of {@code key}, if any. */
    public Optional<Change> change(SettingKey key) {
        if (set.containsKey(key)) {
            return Optional.of(new Change(key, set.get(key)));
        }
        return unset.contains(key) ? Optional.of(new Change(key, null)) : Optional.empty();
    }

    /** Every pending change, sorted by key. */
    public List<Change> changes() {
        TreeSet<SettingKey> keys = new TreeSet<>(set.keySet());
        keys.addAll(unset);
        List<Change> changes = new ArrayList<>();
        keys.forEach(key -> changes.add(change(key).orElseThrow()));
        return changes;
    }

    public SortedMap<SettingKey, String> toSet() {
        return Collections.unmodifiableSortedMap(set);
    }

    public SortedSet<SettingKey> toUnset() {
        return Collections.unmodifiableSortedSet(unset);
    }

    /** What the schema says is wrong with the pending changes; a draft with problems cannot be saved. */
    public List<Problem> problems(Schema schema) {
        return schema.validateChange(set, unset);
    }

    /**
     * Settles a conflict: the keys in {@code keepTheirs} drop out of the draft, the rest is kept and
     * now based on {@code current}, the revision that holds the others' changes.
     */
    public void resolve(Revision current, Set<SettingKey> keepTheirs) {
        Objects.requireNonNull(current, "current");
        keepTheirs.forEach(this::withdraw);
        if (!isEmpty()) {
            base = current;
        }
    }

    private void join(EnvName env, Revision base) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(base, "base");
        if (!accepts(env)) {
            throw new IllegalStateException(
                    "The draft holds changes to " + this.env + "; save or discard them before changing " + env + ".");
        }
        if (this.env == null) {
            this.env = env;
            this.base = base;
        }
    }

    private void clearWhenEmpty() {
        if (isEmpty()) {
            env = null;
            base = null;
        }
    }

    /**
     * One pending change.
     *
     * @param key   the key
     * @param value its new value, or null when it is removed
     */
    public record Change(SettingKey key, String value) {

        public boolean removes() {
            return value == null;
        }
    }
}
