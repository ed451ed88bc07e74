package dev.strata.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The type of a setting, as declared in a schema. Values stay text; the type says which text is valid. */
public enum KeyType {
    STRING,
    INT,
    NUMBER,
    BOOL,
    URL,
    DURATION,
    ENUM,
    JSON;

    private static final Pattern INT_TEXT = Pattern.compile("[-+]?[0-9]{1,19}");
    private static final Pattern NUMBER_TEXT = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    /** Spring Boot's simple duration form: 30s, 500ms, 5m, 1h, 2d. */
    private static final Pattern SIMPLE_DURATION = Pattern.compile("[-+]?[0-9]{1,18}(ns|us|ms|s|m|h|d)?");

    /** The type named in a schema file ({@code int}, {@code url}, ...). */
    public static KeyType parse(String name) {
        for (KeyType type : values()) {
            if (type.schemaName().equals(name)) {
                return type;
            }
        }
        throw new ValidationException(
                "type",
                "unknown type " + Rules.quote(String.valueOf(name))
                        + "; use one of string, int, number, bool, url, duration, enum, json");
    }

    /** The name used in schema files. */
    public String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks a value against this type.
     *
     * @param value      the value
     * @param enumValues the allowed values when this is {@link #ENUM}
     * @param secret     keeps the value out of the message (principle 4: no secret in an error)
     * @return a sentence saying what is wrong, or null when the value is valid
     */
    public @Nullable String problem(String value, List<String> enumValues, boolean secret) {
        String shown = secret ? "a secret value" : shown(value);
        return switch (this) {
            case STRING -> null;
            case INT -> isInt(value) ? null : "expected a whole number (int), got " + shown;
            case NUMBER ->
                !NUMBER_TEXT.matcher(value).matches()
                        ? "expected a number, got " + shown
                        : Double.isInfinite(Double.parseDouble(value))
                                ? "expected a number, got " + shown
                                        + ", which is beyond the largest number (about 1.8e308) that most readers (a Java double, JavaScript) can hold"
                                : null;
            case BOOL -> value.equals("true") || value.equals("false") ? null : "expected true or false, got " + shown;
            case URL ->
                isAbsoluteUri(value) ? null : "expected an absolute URL such as https://host/path, got " + shown;
            case DURATION ->
                isDuration(value) ? null : "expected a duration such as 30s, 500ms, 5m, 1h or PT30S, got " + shown;
            case ENUM ->
                enumValues.contains(value)
                        ? null
                        : "expected one of " + String.join(", ", enumValues) + ", got " + shown;
            case JSON -> JsonSyntax.problem(value);
        };
    }

    private static boolean isInt(String value) {
        if (!INT_TEXT.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && !value.isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDuration(String value) {
        if (SIMPLE_DURATION.matcher(value).matches()) {
            return true;
        }
        try {
            Duration.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Type errors quote the value only when short, so that a long value does not flood a message. */
    private static String shown(String value) {
        return value.length() <= 60 ? Rules.quote(value) : "a " + value.length() + "-character text";
    }
}
