package dev.strata.store;

import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.formats.Reading;
import dev.strata.formats.Scalar;
import dev.strata.formats.YamlScalar;
import dev.strata.formats.YamlSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code environments/<env>/<app>.yaml}: written in canonical form ({@link YamlSettings}: a flat map
 * of scalars, keys sorted, one per line, so that a change to one key is a one-line diff, values of
 * bool, int and number keys bare); read leniently (nested maps flattened with dots, lists with [i])
 * because people also edit these files by hand.
 */
final class SettingsFile {

    private SettingsFile() {}

    /** A new file of {@code settings}, each value written as the schema types it. */
    static byte[] write(Settings settings, Schema schema) {
        return write(settings, schema, null);
    }

    /**
     * The file of {@code settings} that replaces {@code previous} (null when there is none): a line
     * of the previous file whose key and value stay is kept as it was, even in a form Strata no
     * longer writes (a quoted {@code "true"} of a bool key), so that a commit changes only the lines
     * of the keys it changes. When the previous file is not in canonical form, it is rewritten whole.
     */
    static byte[] write(Settings settings, Schema schema, byte[] previous) {
        if (settings.isEmpty()) {
            return "{}\n".getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> kept = previous == null ? Map.of() : canonicalLines(previous);
        StringBuilder yaml = new StringBuilder(settings.size() * 32);
        settings.values().forEach((key, value) -> {
            String line = kept.get(key.value());
            if (line == null || !value.equals(valueOf(line, key.value()))) {
                line = YamlSettings.line(key.value(), Scalar.of(schema.spec(key).type(), value));
            }
            yaml.append(line).append('\n');
        });
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Settings read(byte[] bytes) throws UnreadableFileException {
        Settings canonical = readCanonical(bytes);
        if (canonical != null) {
            return canonical;
        }
        Reading reading = YamlSettings.read(bytes);
        if (!reading.errors().isEmpty()) {
            throw YamlTree.unreadable(reading.errors().getFirst());
        }
        TreeMap<SettingKey, String> values = new TreeMap<>();
        reading.settings().forEach((key, value) -> values.put(new SettingKey(key), value));
        return new Settings(values);
    }

    /**
     * The settings of a file in canonical form, without the YAML parser (history reads two versions
     * of a file per commit, and parsing YAML costs ten times more); null when the file is in any
     * other form. Each line must be a key and a value that YAML reads as their own text
     * ({@link YamlScalar#isWritten}), keys in order: then the YAML reader reads the same.
     */
    private static Settings readCanonical(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        TreeMap<SettingKey, String> values = new TreeMap<>();
        int start = 0;
        String last = null;
        try {
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    return null;
                }
                String[] entry = entry(text.substring(start, end));
                if (entry == null || last != null && last.compareTo(entry[0]) >= 0) {
                    return null;
                }
                values.put(new SettingKey(entry[0]), entry[1]);
                last = entry[0];
                start = end + 1;
            }
            return values.isEmpty() ? null : new Settings(values);
        } catch (ValidationException e) {
            return null;
        }
    }

    /** The key and value of one canonical line, or null when it is not one. */
    private static String[] entry(String line) {
        int separator =
                line.startsWith("\"") ? YamlScalar.closingQuote(line, 0, line.length()) + 1 : line.indexOf(": ");
        if (separator <= 0 || separator >= line.length() || !line.startsWith(": ", separator)) {
            return null;
        }
        String writtenKey = line.substring(0, separator);
        String writtenValue = line.substring(separator + 2);
        String key = YamlScalar.read(writtenKey);
        String value = YamlScalar.read(writtenValue);
        if (key == null
                || value == null
                || !YamlScalar.isWritten(writtenKey, key)
                || !YamlScalar.isWritten(writtenValue, value)) {
            return null;
        }
        return new String[] {key, value};
    }

    /** The lines of a canonical file by key; empty when the file is in any other form. */
    private static Map<String, String> canonicalLines(byte[] previous) {
        if (readCanonical(previous) == null) {
            return Map.of();
        }
        Map<String, String> lines = new HashMap<>();
        new String(previous, StandardCharsets.UTF_8).lines().forEach(line -> lines.put(entry(line)[0], line));
        return lines;
    }

    private static String valueOf(String line, String key) {
        String[] entry = entry(line);
        return entry != null && entry[0].equals(key) ? entry[1] : null;
    }
}
