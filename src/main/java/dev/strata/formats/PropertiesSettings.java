package dev.strata.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Settings as Java {@code .properties}, with exactly {@link Properties}'s semantics, because
 * {@code Properties} itself reads and writes each entry. Written in ASCII (every other character as
 * {@code \\uXXXX}), so that a reader of ISO-8859-1 bytes and one of UTF-8 get the same text.
 */
public final class PropertiesSettings {

    private PropertiesSettings() {}

    public static String write(Map<String, Scalar> settings) {
        var out = new StringBuilder();
        settings.forEach((key, value) -> out.append(entry(key, value.text())).append('\n'));
        return out.toString();
    }

    /** One entry as {@link Properties#store} writes it, without the date comment it starts with. */
    private static String entry(String key, String value) {
        var one = new Properties();
        one.setProperty(key, value);
        var out = new ByteArrayOutputStream();
        try {
            one.store(out, null); // to bytes, so that every character beyond ASCII is escaped
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String written = out.toString(StandardCharsets.ISO_8859_1);
        // the first line is the date comment, the last the line break
        String entry = written.substring(written.indexOf('\n') + 1);
        return entry.substring(0, entry.length() - System.lineSeparator().length());
    }

    /**
     * Reads {@code text} one logical line at a time (a line and those its trailing backslashes
     * continue onto), each through {@link Properties#load}, so that every mistake has its line.
     */
    public static Reading read(String text) {
        var collector = new SettingsCollector();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            var logical = new StringBuilder(lines[i]);
            boolean comment = isBlankOrComment(lines[i]);
            while (!comment && continues(lines[i]) && i + 1 < lines.length) {
                logical.append('\n').append(lines[++i]);
            }
            if (comment) {
                continue;
            }
            var one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IllegalArgumentException e) {
                int column = malformedEscape(lines[first]);
                collector.error(first + 1, column, "\\u must be followed by four hexadecimal digits");
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            one.forEach((key, value) -> collector.put((String) key, (String) value, first + 1, 1));
        }
        return collector.reading();
    }

    private static boolean isBlankOrComment(String line) {
        String start = line.stripLeading();
        return start.isEmpty() || start.charAt(0) == '#' || start.charAt(0) == '!';
    }

    /** Whether a line ends in an odd number of backslashes, which continues it on the next one. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The column of the first {@code \\u} not followed by four hexadecimal digits, or 0. */
    private static int malformedEscape(String line) {
        for (int i = 0; i + 1 < line.length(); i++) {
            if (line.charAt(i) == '\\' && line.charAt(i + 1) == 'u') {
                if (i + 6 > line.length() || !line.substring(i + 2, i + 6).matches("[0-9A-Fa-f]{4}")) {
                    return i + 1;
                }
                i += 5;
            } else if (line.charAt(i) == '\\') {
                i++;
            }
        }
        return 0;
    }
}
