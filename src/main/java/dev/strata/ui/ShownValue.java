package dev.strata.ui;

/**
 * How a setting's value reads on every page: a key that is not set shows the default that applies
 * instead, marked as such, or that it is not set when it has none; a secret's value is never shown.
 */
public final class ShownValue {

    public static final String NOT_SET = "(not set)";
    public static final String SECRET = "(secret)";
    /** The after side of a secret that was set before and was changed. */
    public static final String CHANGED_SECRET = "(secret, changed)";

    public static final String DEFAULT_SUFFIX = " (default)";

    private ShownValue() {}

    /**
     * @param value        the value, null when not set (masked already when secret)
     * @param defaultValue the schema's default, null when it has none (masked already when secret)
     */
    public static String of(String value, String defaultValue) {
        if (value != null) {
            return value;
        }
        return defaultValue == null ? NOT_SET : defaultValue + DEFAULT_SUFFIX;
    }

    /** One side of a change to a secret, whose values are not known: "(secret)" when it was set on that side. */
    public static String secret(boolean set, String defaultValue) {
        return set ? SECRET : of(null, defaultValue);
    }
}
