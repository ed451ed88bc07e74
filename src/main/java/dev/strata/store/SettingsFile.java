package dev.strata.store;

import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.nio.charset.StandardCharsets;
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
