package dev.strata.store;

import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code environments/<env>/<app>.yaml}: written in canonical form (a flat map of scalars, keys
 * sorted, one per line, so that a change to one key is a one-line diff); read leniently (nested maps
 * flattened with dots, lists with [i]) because people also edit these files by hand.
 */
final class SettingsFile {

    private SettingsFile() {
    }

    static byte[] write(Settings settings) {
        if (settings.isEmpty()) {
            return "{}\n".getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder yaml = new StringBuilder(settings.size() * 32);
        settings.values().forEach((key, value) ->
                yaml.append(CanonicalYaml.key(key.value())).append(": ").append(CanonicalYaml.value(value)).append('\n'));
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Settings read(byte[] bytes) throws UnreadableFileException {
        Settings canonical = readCanonical(bytes);
        if (canonical != null) {
            return canonical;
        }
        Object tree = YamlTree.read(bytes);
        if (tree == null) {
            return Settings.EMPTY;
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new UnreadableFileException("must be a map of keys to values");
        }
        TreeMap<String, String> flat = new TreeMap<>();
        flatten("", map, flat);
        TreeMap<SettingKey, String> values = new TreeMap<>();
        for (Map.Entry<String, String> entry : flat.entrySet()) {
            try {
                values.put(new SettingKey(entry.getKey()), entry.getValue());
            } catch (ValidationException e) {
                throw new UnreadableFileException("has an invalid key: " + e.getMessage());
            }
        }
        try {
            return new Settings(values);
        } catch (ValidationException e) {
            throw new UnreadableFileException("has an invalid value: " + e.getMessage());
        }
    }

    /**
     * The settings of a file in the form {@link #write} gives, without the YAML parser (history
     * reads two versions of a file per commit, and parsing YAML costs ten times more); null when
     * the file is in any other form. The file counts as canonical only when writing what was read
     * gives back its exact bytes, so the result is what the YAML reader gives: writing and reading
     * round-trip.
     */
    private static Settings readCanonical(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        TreeMap<SettingKey, String> values = new TreeMap<>();
        int start = 0;
        try {
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    return null;
                }
                int separator = text.charAt(start) == '"' ? CanonicalYaml.closingQuote(text, start, end) + 1 : text.indexOf(": ", start);
                if (separator <= start || separator >= end || !text.startsWith(": ", separator)) {
                    return null;
                }
                String key = CanonicalYaml.read(text.substring(start, separator));
                String value = CanonicalYaml.read(text.substring(separator + 2, end));
                if (key == null || value == null) {
                    return null;
                }
                values.put(new SettingKey(key), value);
                start = end + 1;
            }
            Settings settings = new Settings(values);
            return Arrays.equals(write(settings), bytes) ? settings : null;
        } catch (ValidationException e) {
            return null;
        }
    }

    private static void flatten(String prefix, Object node, TreeMap<String, String> flat) throws UnreadableFileException {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = prefix.isEmpty() ? (String) entry.getKey() : prefix + "." + entry.getKey();
                flattenValue(key, entry.getValue(), flat);
            }
        }
    }

    private static void flattenValue(String key, Object value, TreeMap<String, String> flat) throws UnreadableFileException {
        switch (value) {
            case null -> {
                // YAML null means "no value": the key is absent.
            }
            case Map<?, ?> nested -> flatten(key, nested, flat);
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    flattenValue(key + "[" + i + "]", list.get(i), flat);
                }
            }
            default -> {
                if (flat.put(key, (String) value) != null) {
                    throw new UnreadableFileException("gives the key '" + key + "' twice (once nested, once flat)");
                }
            }
        }
    }
}
