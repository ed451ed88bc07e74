package dev.strata.formats;

import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every reader does with a key and value it found: checks both against the rules of
 * PRODUCT.md (a key that is no key, a value with NUL or over 64 KiB), and refuses a key given twice,
 * each with where it was found.
 */
final class SettingsCollector {

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<FormatError> errors = new ArrayList<>();

    void put(String key, String value, int line, int column) {
        try {
            Settings.of(Map.of(key, value));
        } catch (ValidationException e) {
            String message = e.problems().getFirst().message();
            error(line, column, message.startsWith("key ") ? message : key + ": " + message);
            return;
        }
        if (settings.containsKey(key)) {
            int first = lines.get(key);
            error(
                    line,
                    column,
                    "key " + key + " appears more than once" + (first > 0 ? " (first on line " + first + ")" : ""));
            return;
        }
        settings.put(key, value);
        lines.put(key, line);
    }

    void error(int line, int column, String message) {
        errors.add(new FormatError(line, column, message));
    }

    void error(FormatError error) {
        errors.add(error);
    }

    Reading reading() {
        return new Reading(settings, errors);
    }
}
