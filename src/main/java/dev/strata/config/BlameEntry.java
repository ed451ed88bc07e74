package dev.strata.config;

import java.util.Objects;

/**
 * The last change of one key that still has a value.
 *
 * @param key    the key
 * @param value  its current value
 * @param commit the commit that gave it this value (its {@link HistoryEntry#changes()} are limited to this key)
 */
public record BlameEntry(SettingKey key, String value, HistoryEntry commit) {

    public BlameEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(commit, "commit");
    }
}
