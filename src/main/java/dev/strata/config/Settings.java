package dev.strata.config;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one application in one environment: an immutable flat map from key to value,
 * sorted by key. Every value obeys the value rule (UTF-8, at most 64 KiB, no NUL).
 *
 * @param values the settings, sorted by key
 */
public record Settings(SortedMap<SettingKey, String> values) {

    public static final Settings EMPTY = new Settings(new TreeMap<>());

    public Settings {
        TreeMap<SettingKey, String> copy = new TreeMap<>(values);
        copy.forEach((key, value) -> {
            String problem = Rules.valueProblem(value);
            if (problem != null) {
                throw new ValidationException(key.value(), problem);
            }
        });
        values = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * What is wrong with {@code value} as the value of any key (not valid text, or over 64 KiB), or
     * null when it may be stored. Cheap enough to ask before anything else looks at the value.
     */
    public static @Nullable String valueProblem(String value) {
        return Rules.valueProblem(value);
    }

    /** Settings from a map of plain strings; keys and values are checked. */
    public static Settings of(Map<String, String> values) {
        TreeMap<SettingKey, String> typed = new TreeMap<>();
        values.forEach((k, v) -> typed.put(new SettingKey(k), v));
        return new Settings(typed);
    }

    public Optional<String> get(SettingKey key) {
        return Optional.ofNullable(values.get(key));
    }

    public Set<SettingKey> keys() {
        return values.keySet();
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** These settings with {@code set} applied and then {@code unset} removed. */
    public Settings with(Map<SettingKey, String> set, Set<SettingKey> unset) {
        TreeMap<SettingKey, String> changed = new TreeMap<>(values);
        changed.putAll(set);
        unset.forEach(changed::remove);
        return new Settings(changed);
    }
}
