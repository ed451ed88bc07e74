package dev.strata.config;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What undoing a commit (or one key of it) takes: the keys it added are removed, the others get
 * back the value they had before it.
 *
 * @param target  the application and environment the commit changed
 * @param set     keys to give back their earlier value (as stored: secrets stay sealed)
 * @param unset   keys the commit added
 * @param message the commit message of the revert, saying what it reverts
 */
public record Reversal(AppEnv target, SortedMap<SettingKey, String> set, SortedSet<SettingKey> unset, String message) {

    public Reversal {
        Objects.requireNonNull(target, "target");
        set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
        unset = Collections.unmodifiableSortedSet(new TreeSet<>(unset));
    }

    /**
     * The reversal of {@code entry}, or only of {@code onlyKey} when not null.
     *
     * @throws ValidationException when the commit changed no settings, several environments, or not that key
     */
    public static Reversal of(HistoryEntry entry, SettingKey onlyKey) {
        Revision revision = entry.revision();
        var changes = entry.changes().stream()
                .filter(change -> onlyKey == null || change.change().key().equals(onlyKey))
                .toList();
        if (changes.isEmpty()) {
            throw new ValidationException(
                    "revision",
                    onlyKey == null
                            ? "commit " + revision.abbreviated() + " changed no settings; nothing to revert"
                            : "commit " + revision.abbreviated() + " did not change " + onlyKey);
        }
        var where = new TreeSet<>(changes.stream().map(SettingChange::appEnv).toList());
        if (where.size() > 1) {
            throw new ValidationException(
                    "revision",
                    "commit " + revision.abbreviated() + " changed " + where + "; revert one key at a time");
        }
        var set = new TreeMap<SettingKey, String>();
        var unset = new TreeSet<SettingKey>();
        for (SettingChange change : changes) {
            KeyChange key = change.change();
            if (key.kind() == KeyChange.Kind.ADDED) {
                unset.add(key.key());
            } else {
                set.put(key.key(), key.before());
            }
        }
        String subject = entry.message().lines().findFirst().orElse("");
        String message = "Revert \"" + subject + "\"" + (onlyKey == null ? "" : " for " + onlyKey)
                + "\n\nThis reverts commit " + revision.id() + ".";
        return new Reversal(where.first(), set, unset, message);
    }
}
