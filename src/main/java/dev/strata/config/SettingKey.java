package dev.strata.config;

/**
 * The key of one setting: {@code [A-Za-z_][A-Za-z0-9_.\-\[\]]{0,199}}. Keys sort by their text.
 *
 * @param value the key as written in settings files
 */
public record SettingKey(String value) implements Comparable<SettingKey> {

    public SettingKey {
        Rules.checkKey(value);
    }

    @Override
    public int compareTo(SettingKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
