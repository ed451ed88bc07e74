package dev.strata.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A key that someone else changed after the revision a change was based on.
 *
 * @param key      the key
 * @param base     its value at the base revision, or null when absent
 * @param current  its value now, or null when absent
 * @param proposed the value the refused change wanted, or null when it wanted to unset the key
 */
public record KeyConflict(
        SettingKey key,
        @Nullable String base,
        @Nullable String current,
        @Nullable String proposed) {

    public KeyConflict {
        Objects.requireNonNull(key, "key");
    }
}
