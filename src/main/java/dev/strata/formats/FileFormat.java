package dev.strata.formats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file formats of settings, each with its one reader and one writer: import reads with them,
 * download and serving write with them (so the same revision gives the same bytes either way), and
 * the store reads and writes its YAML files with {@link YamlSettings}.
 */
public enum FileFormat {
    JSON("json", "application/json") {
        @Override
        public String write(Map<String, Scalar> settings) {
            return JsonSettings.write(settings);
        }

        @Override
        Reading parse(String text) {
            return JsonSettings.read(text);
        }
    },
    YAML("yaml", "application/yaml") {
        @Override
        public String write(Map<String, Scalar> settings) {
            return YamlSettings.write(settings);
        }

        @Override
        Reading parse(String text) {
            return YamlSettings.read(text);
        }
    },
    PROPERTIES("properties", "text/x-java-properties") {
        @Override
        public String write(Map<String, Scalar> settings) {
            return PropertiesSettings.write(settings);
        }

        @Override
        Reading parse(String text) {
            return PropertiesSettings.read(text);
        }
    },
    ENV("env", "text/plain") {
        @Override
        public String write(Map<String, Scalar> settings) {
            return EnvSettings.write(settings);
        }

        @Override
        Reading parse(String text) {
            return EnvSettings.read(text);
        }
    };

    /** Larger texts are refused before they are read. */
    public static final int MAX_CHARS = 10 * 1024 * 1024;

    public static final int MAX_LINES = 100_000;

    private final String extension;
    private final String mediaType;

    FileFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The media type, without parameters; the text is always UTF-8. */
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

    /** The format named {@code name} ({@code json}, {@code YAML}, ...), in any case. */
    public static Optional<FileFormat> named(String name) {
        return Arrays.stream(values())
                .filter(f -> f.name().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The names of all formats, for messages: {@code env, properties, yaml, json}. */
    public static String names() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .map(f -> f.name().toLowerCase(Locale.ROOT))
                        .toList());
    }

    /**
     * The settings in this format, in the map's order.
     *
     * @throws dev.strata.config.ValidationException when the format cannot hold them (.env: two keys that become one variable)
     */
    public abstract String write(Map<String, Scalar> settings);

    /**
     * The settings of {@code text} in the text's order (for .env, by variable name), and every
     * mistake in it with its line and column. Text over {@value #MAX_CHARS} characters or
     * {@value #MAX_LINES} lines, or holding NUL or undecodable bytes, is refused unread.
     */
    public Reading read(String text) {
        FormatError refused = refusal(text);
        return refused != null ? new Reading(Map.of(), java.util.List.of(refused)) : parse(text);
    }

    abstract Reading parse(String text);

    private static FormatError refusal(String text) {
        if (text.length() > MAX_CHARS) {
            return new FormatError(
                    0,
                    0,
                    "The text is " + text.length() / (1024 * 1024)
                            + " MB long; at most 10 MB can be imported at once.");
        }
        int lines = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (++lines > MAX_LINES) {
                    return new FormatError(
                            0, 0, "The text has more than " + MAX_LINES + " lines; import it in smaller parts.");
                }
                lineStart = i + 1;
            }
            if (c == 0 || c == '\uFFFD') {
                return new FormatError(
                        lines,
                        i - lineStart + 1,
                        "the text contains binary data (" + (c == 0 ? "a NUL character" : "bytes that are not UTF-8")
                                + "); only settings as text can be imported");
            }
        }
        return null;
    }
}
