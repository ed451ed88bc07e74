package dev.strata.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How one key differs between two versions of a settings file.
 *
 * @param key    the key
 * @param kind   added, removed or changed
 * @param before the value before, or null when it was added
 * @param after  the value after, or null when it was removed
 */
public record KeyChange(
        SettingKey key,
        Kind kind,
        @Nullable String before,
        @Nullable String after) {

    /** What happened to the key. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    public KeyChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        boolean consistent = switch (kind) {
            case ADDED -> before == null && after != null;
            case REMOVED -> before != null && after == null;
            case CHANGED -> before != null && after != null && !before.equals(after);
        };
        if (!consistent) {
            throw new IllegalArgumentException(kind + " does not fit before/after of " + key);
        }
    }

    /** The keys that differ from {@code before} to {@code after}, sorted by key. */
    public static List<KeyChange> between(Settings before, Settings after) {
        TreeSet<SettingKey> keys = new TreeSet<>(before.keys());
        keys.addAll(after.keys());
        List<KeyChange> changes = new ArrayList<>();
        for (SettingKey key : keys) {
            String a = before.values().get(key);
            String b = after.values().get(key);
            if (a == null) {
                changes.add(new KeyChange(key, Kind.ADDED, null, b));
            } else if (b == null) {
                changes.add(new KeyChange(key, Kind.REMOVED, a, null));
            } else if (!a.equals(b)) {
                changes.add(new KeyChange(key, Kind.CHANGED, a, b));
            }
        }
        return changes;
    }
}
