package dev.strata.editing;

import java.util.Locale;
import java.util.Map;

/**
 * The file formats an environment's settings can be downloaded in. Each writes a flat map of
 * text values so that the usual reader of that format gets exactly the same text back.
 */
public enum SettingsFormat {

    /** {@code KEY="value"}, double-quoted with backslash escapes, as dotenv libraries read it. */
    ENV("env", "text/plain") {
        @Override
        void line(StringBuilder out, String key, String value) {
            out.append(key).append("=\"");
            value.codePoints().forEach(c -> {
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '"' -> out.append("\\\"");
                    case '$' -> out.append("\\$");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.appendCodePoint(c);
                }
            });
            out.append("\"\n");
        }
    },

    /** Java properties, ASCII only (\\uXXXX escapes), so both ISO-8859-1 and UTF-8 readers agree. */
    PROPERTIES("properties", "text/plain") {
        @Override
        void line(StringBuilder out, String key, String value) {
            out.append(escapeProperty(key, true)).append('=').append(escapeProperty(value, false)).append('\n');
        }
    },

    /** Flat YAML with double-quoted scalars: JSON string syntax, which YAML reads the same way. */
    YAML("yaml", "application/yaml") {
        @Override
        void line(StringBuilder out, String key, String value) {
            out.append(jsonString(key)).append(": ").append(jsonString(value)).append('\n');
        }
    },

    /** One JSON object of strings. */
    JSON("json", "application/json") {
        @Override
        String write(Map<String, String> settings) {
            var out = new StringBuilder("{");
            String separator = "\n";
            for (var entry : settings.entrySet()) {
                out.append(separator).append("  ").append(jsonString(entry.getKey())).append(": ")
                        .append(jsonString(entry.getValue()));
                separator = ",\n";
            }
            return out.append(settings.isEmpty() ? "}\n" : "\n}\n").toString();
        }

        @Override
        void line(StringBuilder out, String key, String value) {
            throw new UnsupportedOperationException("JSON is written as a whole object");
        }
    };

    private final String extension;
    private final String mediaType;

    SettingsFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** How people call it: .env, .properties, YAML, JSON. */
    public String label() {
        return switch (this) {
            case ENV, PROPERTIES -> "." + extension;
            case YAML, JSON -> name();
        };
    }

    /** The settings in this format, in the map's order. */
    String write(Map<String, String> settings) {
        var out = new StringBuilder();
        settings.forEach((key, value) -> line(out, key, value));
        return out.toString();
    }

    abstract void line(StringBuilder out, String key, String value);

    static String jsonString(String text) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Controls, and the line separators some JavaScript readers choke on, are escaped
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String escapeProperty(String text, boolean key) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
