package dev.strata.formats;

import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value as the formats write it: text, or a boolean or number written bare (JSON {@code true},
 * {@code 8080}; plain YAML scalars) so that any reader of the format gets it typed. The text is
 * always kept exactly as stored: a number is never converted on the way, so it keeps its digits.
 *
 * @param text the value as stored
 * @param kind how it is written
 */
public record Scalar(String text, Kind kind) {

    /** How a value is written. */
    public enum Kind {
        TEXT,
        BOOL,
        NUMBER
    }

    /**
     * Numbers that JSON and YAML (1.1 and 1.2) all read as the same number: no sign but minus, no
     * leading zero (YAML 1.1 reads 010 as octal), no bare dot.
     */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    public Scalar {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
    }

    public static Scalar text(String text) {
        return new Scalar(text, Kind.TEXT);
    }

    /**
     * A value of a key of {@code type}: bare when it is a valid bool, or a number in the form every
     * format reads alike, for {@code bool}, {@code int} and {@code number} keys; text otherwise (a
     * hand-edited file may hold a value of the wrong type: it is written as it is).
     */
    public static Scalar of(KeyType type, String text) {
        return switch (type) {
            case BOOL -> text.equals("true") || text.equals("false") ? new Scalar(text, Kind.BOOL) : text(text);
            case INT, NUMBER -> isBareNumber(text) ? new Scalar(text, Kind.NUMBER) : text(text);
            default -> text(text);
        };
    }

    /**
     * What an application is given for {@code settings} (their plaintext): every value, schema
     * defaults applied, typed as the schema says, in key order. Download writes this; serving types
     * each value the same way ({@link #of}), leaving out a value it cannot read.
     */
    public static Map<String, Scalar> configuration(Schema schema, Settings settings) {
        Map<String, Scalar> values = new LinkedHashMap<>();
        schema.effective(settings)
                .values()
                .forEach((key, value) ->
                        values.put(key.value(), of(schema.spec(key).type(), value)));
        return values;
    }

    private static boolean isBareNumber(String text) {
        return !text.isEmpty() && text.length() <= 400 && NUMBER.matcher(text).matches();
    }
}
