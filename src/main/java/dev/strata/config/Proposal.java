package dev.strata.config;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a change request would do to its target environment: keys to set (secret values sealed for
 * the target, as they would be committed) and keys to remove, against the main branch at {@code base}.
 *
 * @param base  the revision of the main branch the proposal was computed on
 * @param set   keys to give a value, values as they would be stored
 * @param unset keys to remove
 */
public record Proposal(Revision base, SortedMap<SettingKey, String> set, SortedSet<SettingKey> unset) {

    public Proposal {
        Objects.requireNonNull(base, "base");
        set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
        unset = Collections.unmodifiableSortedSet(new TreeSet<>(unset));
        for (SettingKey key : unset) {
            if (set.containsKey(key)) {
                throw new IllegalArgumentException(key + " is both set and unset");
            }
        }
    }

    /** Every key the proposal touches, sorted. */
    public SortedSet<SettingKey> keys() {
        TreeSet<SettingKey> keys = new TreeSet<>(set.keySet());
        keys.addAll(unset);
        return Collections.unmodifiableSortedSet(keys);
    }

    public boolean isEmpty() {
        return set.isEmpty() && unset.isEmpty();
    }
}
