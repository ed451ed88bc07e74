package dev.strata.editing;

import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads pasted settings in one of the {@link SettingsFormat}s into a flat map, line by line where
 * the format has lines, so that every mistake is reported with its line number and nothing is
 * taken from a text with mistakes. Nested YAML maps and JSON objects are flattened with dots, as
 * Strata reads hand-edited files.
 */
public final class SettingsParser {

    /** Larger pastes are refused before they are read. */
    public static final int MAX_CHARS = 10 * 1024 * 1024;
    public static final int MAX_LINES = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SettingsParser() {
    }

    /**
     * What was read: the settings in file order, and what is wrong, by line.
     *
     * @param settings keys and values, in the order of the text
     * @param errors   one per broken line; when any, the text must not be imported
     */
    public record Result(Map<String, String> settings, List<LineError> errors) {
    }

    /**
     * One mistake in the text.
     *
     * @param line    the line number, from 1; 0 when the problem concerns the whole text
     * @param message what is wrong
     */
    public record LineError(int line, String message) {

        @Override
        public String toString() {
            return line == 0 ? message : "line " + line + ": " + message;
        }
    }

    public static Result parse(SettingsFormat format, String text) {
        String refused = refusal(text);
        if (refused != null) {
            return new Result(Map.of(), List.of(new LineError(0, refused)));
        }
        var reader = new Reader();
        switch (format) {
            case ENV -> reader.env(text);
            case PROPERTIES -> reader.properties(text);
            case YAML -> reader.yaml(text);
            case JSON -> reader.json(text);
        }
        return new Result(reader.settings, reader.errors);
    }

    /** Refuses what is not settings text at all, before looking at any line of it. */
    private static String refusal(String text) {
        if (text.length() > MAX_CHARS) {
            return "The text is " + text.length() / (1024 * 1024) + " MB long; at most 10 MB can be imported at once.";
        }
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && ++lines > MAX_LINES) {
                return "The text has more than " + MAX_LINES + " lines; import it in smaller parts.";
            }
            if (c == 0 || c == '\uFFFD') {
                return "The text contains binary data (" + (c == 0 ? "a NUL character" : "bytes that are not UTF-8")
                        + " on line " + lines + "); only settings as text can be imported.";
            }
        }
        return null;
    }

    private static final class Reader {

        final Map<String, String> settings = new LinkedHashMap<>();
        final List<LineError> errors = new ArrayList<>();

        void put(int line, String key, String value) {
            try {
                new SettingKey(key);
            } catch (ValidationException e) {
                errors.add(new LineError(line, e.problems().getFirst().message()));
                return;
            }
            String problem = Settings.valueProblem(value);
            if (problem != null) {
                errors.add(new LineError(line, key + ": " + problem));
                return;
            }
            if (settings.put(key, value) != null) {
                errors.add(new LineError(line, "key " + key + " appears more than once"));
            }
        }

        void env(String text) {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    errors.add(new LineError(i + 1, "expected KEY=value"));
                    continue;
                }
                String value = line.substring(equals + 1).strip();
                try {
                    put(i + 1, line.substring(0, equals).strip(), envValue(value));
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(i + 1, e.getMessage()));
                }
            }
        }

        private static String envValue(String value) {
            if (value.startsWith("\"")) {
                var out = new StringBuilder();
                for (int i = 1; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '"') {
                        String rest = value.substring(i + 1).strip();
                        if (!rest.isEmpty() && !rest.startsWith("#")) {
                            throw new IllegalArgumentException("unexpected text after the closing quote");
                        }
                        return out.toString();
                    }
                    if (c == '\\' && i + 1 < value.length()) {
                        char next = value.charAt(++i);
                        out.append(switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> next;
                        });
                    } else {
                        out.append(c);
                    }
                }
                throw new IllegalArgumentException("the double quote is not closed on this line");
            }
            if (value.startsWith("'")) {
                int end = value.indexOf('\'', 1);
                if (end < 0) {
                    throw new IllegalArgumentException("the single quote is not closed on this line");
                }
                return value.substring(1, end);
            }
            int comment = value.indexOf(" #");
            return (comment >= 0 ? value.substring(0, comment) : value).strip();
        }

        void properties(String text) {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                int first = i;
                String line = lines[i].stripLeading();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                    continue;
                }
                // A line ending in an odd number of backslashes continues on the next one
                var logical = new StringBuilder(line);
                while (endsInContinuation(logical) && i + 1 < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(lines[++i].stripLeading());
                }
                try {
                    int separator = separatorIndex(logical);
                    String key = unescape(logical.substring(0, separator).strip());
                    // Whitespace, then at most one '=' or ':', separates the key from the value
                    int at = separator;
                    while (at < logical.length() && Character.isWhitespace(logical.charAt(at))) {
                        at++;
                    }
                    if (at < logical.length() && (logical.charAt(at) == '=' || logical.charAt(at) == ':')) {
                        at++;
                    }
                    String rest = logical.substring(at).stripLeading();
                    put(first + 1, key, unescape(rest));
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(first + 1, e.getMessage()));
                }
            }
        }

        private static boolean endsInContinuation(CharSequence line) {
            int backslashes = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int separatorIndex(CharSequence line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                    return i;
                }
            }
            return line.length();
        }

        private static String unescape(String text) {
            var out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\' || i + 1 == text.length()) {
                    out.append(c);
                    continue;
                }
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 >= text.length()) {
                            throw new IllegalArgumentException("\\u needs four hexadecimal digits");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("\\u needs four hexadecimal digits");
                        }
                        i += 4;
                    }
                    default -> out.append(next);
                }
            }
            return out.toString();
        }

        /**
         * The YAML that settings files use: maps (nested by indentation) of scalars, plain or quoted,
         * with comments. Lists, anchors and multi-line scalars are reported as errors of their line.
         */
        void yaml(String text) {
            String[] lines = text.split("\r?\n", -1);
            List<Integer> indents = new ArrayList<>();
            List<String> path = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String raw = lines[i];
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.equals("---")) {
                    continue;
                }
                int indent = raw.length() - raw.stripLeading().length();
                if (raw.startsWith("\t")) {
                    errors.add(new LineError(i + 1, "YAML is indented with spaces, not tabs"));
                    continue;
                }
                if (line.startsWith("- ") || line.equals("-")) {
                    errors.add(new LineError(i + 1, "lists are not settings; give each value its own key"));
                    continue;
                }
                int colon = keyEnd(line);
                if (colon < 0) {
                    errors.add(new LineError(i + 1, "expected key: value"));
                    continue;
                }
                while (!indents.isEmpty() && indent <= indents.getLast()) {
                    indents.removeLast();
                    path.removeLast();
                }
                String key = unquoteKey(line.substring(0, colon).strip());
                String rest = line.substring(colon + 1).strip();
                if (rest.isEmpty() || rest.startsWith("#")) {
                    indents.add(indent);
                    path.add(key);
                    continue;
                }
                try {
                    String prefix = path.isEmpty() ? "" : String.join(".", path) + ".";
                    put(i + 1, prefix + key, yamlScalar(rest));
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(i + 1, e.getMessage()));
                }
            }
        }

        private static int keyEnd(String line) {
            if (line.startsWith("\"") || line.startsWith("'")) {
                int close = line.indexOf(line.charAt(0), 1);
                return close < 0 ? -1 : line.indexOf(':', close);
            }
            int colon = line.indexOf(": ");
            return colon >= 0 ? colon : line.endsWith(":") ? line.length() - 1 : -1;
        }

        private static String unquoteKey(String key) {
            if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
                return key.substring(1, key.length() - 1);
            }
            return key;
        }

        private static String yamlScalar(String value) {
            if (value.startsWith("\"")) {
                int end = closingDoubleQuote(value);
                try {
                    return JSON.readValue(value.substring(0, end + 1), String.class);
                } catch (JacksonException e) {
                    throw new IllegalArgumentException("the double-quoted value is not valid");
                }
            }
            if (value.startsWith("'")) {
                var out = new StringBuilder();
                for (int i = 1; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < value.length() && value.charAt(i + 1) == '\'') {
                            out.append('\'');
                            i++;
                        } else {
                            return out.toString();
                        }
                    } else {
                        out.append(c);
                    }
                }
                throw new IllegalArgumentException("the single quote is not closed on this line");
            }
            if (value.startsWith("|") || value.startsWith(">")) {
                throw new IllegalArgumentException("multi-line values are not supported here; write the value on one line, quoted");
            }
            if (value.startsWith("&") || value.startsWith("*") || value.startsWith("!")) {
                throw new IllegalArgumentException("anchors, aliases and tags are not supported in settings");
            }
            if (value.startsWith("[") || value.startsWith("{")) {
                throw new IllegalArgumentException("lists and inline maps are not settings; quote the value if it is text");
            }
            int comment = value.indexOf(" #");
            return (comment >= 0 ? value.substring(0, comment) : value).strip();
        }

        private static int closingDoubleQuote(String value) {
            for (int i = 1; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i;
                }
            }
            throw new IllegalArgumentException("the double quote is not closed on this line");
        }

        void json(String text) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (JacksonException e) {
                var location = e.getLocation();
                errors.add(new LineError(location == null ? 0 : location.getLineNr(),
                        "not valid JSON: " + e.getOriginalMessage()));
                return;
            }
            if (root == null || !root.isObject()) {
                errors.add(new LineError(0, "expected a JSON object of keys and values"));
                return;
            }
            flatten("", root);
        }

        private void flatten(String prefix, JsonNode node) {
            for (var property : node.properties()) {
                String key = prefix + property.getKey();
                JsonNode value = property.getValue();
                if (value.isObject()) {
                    flatten(key + ".", value);
                } else if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        if (value.get(i).isContainer()) {
                            errors.add(new LineError(0, "key " + key + "[" + i + "]: nested lists are not settings"));
                        } else {
                            put(0, key + "[" + i + "]", value.get(i).asString());
                        }
                    }
                } else if (value.isNull()) {
                    errors.add(new LineError(0, "key " + key + " is null; leave it out to not set it"));
                } else {
                    put(0, key, value.asString());
                }
            }
        }
    }
}
