package dev.strata.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an application is and which keys it has: stored in {@code schemas/<app>.yaml}.
 *
 * @param description what the application is, or empty
 * @param owners      the teams or people who own it
 * @param keys        the declared keys, sorted; a key not declared here is an optional string
 * @param shared      whether this is a shared set, which other applications may include
 * @param includes    the shared sets this one takes values from, a later one winning over an earlier one
 *                    ({@link Resolution})
 */
public record Schema(
        String description,
        List<String> owners,
        SortedMap<SettingKey, KeySpec> keys,
        boolean shared,
        List<AppName> includes) {

    public static final Schema EMPTY = new Schema("", List.of(), new TreeMap<>());

    public Schema {
        description = description == null ? "" : description;
        owners = List.copyOf(owners);
        keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
        includes = List.copyOf(includes);
    }

    /** An application's schema that is no shared set and includes none. */
    public Schema(String description, List<String> owners, SortedMap<SettingKey, KeySpec> keys) {
        this(description, owners, keys, false, List.of());
    }

    /** This schema with other owners and keys, keeping what it is ({@code shared}) and what it includes. */
    public Schema with(String description, List<String> owners, SortedMap<SettingKey, KeySpec> keys) {
        return new Schema(description, owners, keys, shared, includes);
    }

    /** The spec of {@code key}, or {@link KeySpec#UNDECLARED} when the schema does not declare it. */
    public KeySpec spec(SettingKey key) {
        return keys.getOrDefault(key, KeySpec.UNDECLARED);
    }

    /** The settings an application actually gets: {@code explicit} plus the defaults of keys it does not set. */
    public Settings effective(Settings explicit) {
        TreeMap<SettingKey, String> withDefaults = new TreeMap<>(explicit.values());
        keys.forEach((key, spec) -> {
            if (spec.defaultValue() != null) {
                withDefaults.putIfAbsent(key, spec.defaultValue());
            }
        });
        return new Settings(withDefaults);
    }

    /** Every problem of a whole settings file: type errors, and required keys with neither value nor default. */
    public List<Problem> validate(Settings settings) {
        List<Problem> problems = new ArrayList<>();
        settings.values().forEach((key, value) -> typeProblem(key, value, problems));
        keys.forEach((key, spec) -> {
            if (spec.required()
                    && spec.defaultValue() == null
                    && settings.get(key).isEmpty()) {
                problems.add(new Problem(key.value(), "required, but has no value and no default"));
            }
        });
        return problems;
    }

    /**
     * The problems a change would introduce: values that do not match their type, and required keys
     * it would leave without a value. Problems already present in untouched keys are not its fault.
     */
    public List<Problem> validateChange(Map<SettingKey, String> set, Set<SettingKey> unset) {
        List<Problem> problems = new ArrayList<>();
        set.forEach((key, value) -> typeProblem(key, value, problems));
        for (SettingKey key : unset) {
            KeySpec spec = spec(key);
            if (spec.required() && spec.defaultValue() == null) {
                problems.add(new Problem(key.value(), "required and has no default, so it cannot be unset"));
            }
        }
        return problems;
    }

    private void typeProblem(SettingKey key, String value, List<Problem> problems) {
        String problem = spec(key).problem(value);
        if (problem != null) {
            problems.add(new Problem(key.value(), problem));
        }
    }
}
