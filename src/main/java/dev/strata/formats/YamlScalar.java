package dev.strata.formats;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How Strata writes one YAML scalar, in every YAML file it writes: on one line, reading back as
 * exactly the same text. A {@link Scalar} of a typed key is written bare ({@code true},
 * {@code 8080}); text is plain unless YAML would read it as something else (a number, a boolean,
 * null, a date, structure) or it holds characters a plain scalar cannot, and double-quoted with
 * JSON-style escapes then.
 */
public final class YamlScalar {

    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    /** What YAML 1.1 or 1.2 readers (SnakeYAML, PyYAML, go-yaml, Helm) take for null or a boolean. */
    private static final Set<String> RESERVED =
            Set.of("~", "null", "y", "yes", "n", "no", "true", "false", "on", "off");

    /**
     * What YAML 1.1 or 1.2 readers take for a number or a date: decimal, octal, hexadecimal, binary
     * and sexagesimal integers, floats with or without digits around the dot, .inf and .nan, and
     * timestamps. Each alternative is linear: no nested quantifier can backtrack.
     */
    private static final Pattern TYPED = Pattern.compile("[-+]?("
            + "[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
            + "|\\.[0-9][0-9_]*([eE][-+]?[0-9]+)?"
            + "|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
            + "|[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
            + "|\\.(inf|Inf|INF)"
            + ")|\\.(nan|NaN|NAN)"
            + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");

    private YamlScalar() {}

    /** A key of a YAML map. */
    public static String key(String key) {
        return string(key);
    }

    /** A value: bare for a typed one, else as {@link #string}. */
    public static String value(Scalar value) {
        return value.kind() == Scalar.Kind.TEXT ? string(value.text()) : value.text();
    }

    /** Text that reads back as this very text, and as text. */
    public static String string(String text) {
        return isPlainText(text) ? text : doubleQuoted(text);
    }

    private static boolean isPlainText(String s) {
        return isPlainSyntax(s) && !readsAsOtherThanText(s);
    }

    /** Whether {@code s} can stand as a plain scalar on one line, read as some scalar of exactly this text. */
    private static boolean isPlainSyntax(String s) {
        if (s.isEmpty()
                || INDICATORS.indexOf(s.charAt(0)) >= 0
                || s.charAt(0) == ' '
                || s.charAt(s.length() - 1) == ' '
                || s.charAt(s.length() - 1) == ':'
                || s.contains(": ")
                || s.contains(" #")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i)) || s.charAt(i) == '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean readsAsOtherThanText(String s) {
        char first = s.charAt(0);
        if (first >= '0' && first <= '9' || first == '+' || first == '.') {
            return TYPED.matcher(s).matches();
        }
        return s.length() <= 5 && RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029' || c == '\uFEFF';
    }

    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (needsEscape(c)) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * The text of a scalar in one of the forms written here, or null when {@code written} is not
     * one of them. Only the quoted form needs decoding; whether a plain scalar is one this class
     * writes is for the caller to check ({@link #isWritten}).
     */
    public static String read(String written) {
        if (written.isEmpty() || written.charAt(0) != '"') {
            return written;
        }
        if (closingQuote(written, 0, written.length()) != written.length() - 1) {
            return null;
        }
        StringBuilder b = new StringBuilder(written.length());
        for (int i = 1; i < written.length() - 1; i++) {
            char c = written.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char escaped = written.charAt(++i);
            switch (escaped) {
                case '"', '\\' -> b.append(escaped);
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    if (i + 4 >= written.length() - 1) {
                        return null;
                    }
                    try {
                        b.append((char) Integer.parseInt(written, i + 1, i + 5, 16));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return b.toString();
    }

    /**
     * Whether {@code written} is a one-line scalar that every YAML reader Strata uses reads as
     * {@code text}: what this class writes for it, as text or bare, and also what earlier versions
     * wrote (any text double-quoted, plain text that YAML types but whose text stays the same, such
     * as {@code 8080} or {@code 2026-12-06}). Only a null ({@code ~}, {@code null}) is not its text.
     */
    public static boolean isWritten(String written, String text) {
        if (written.isEmpty() || written.charAt(0) != '"') {
            return written.equals(text) && isPlainSyntax(text) && !text.equals("~") && !text.equalsIgnoreCase("null");
        }
        return written.equals(doubleQuoted(text));
    }

    /**
     * The index of the quote that closes the double-quoted scalar opening at {@code open}, looking
     * no further than {@code end}; -1 when it is not closed there.
     */
    public static int closingQuote(String s, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
