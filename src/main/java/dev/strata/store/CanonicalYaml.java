package dev.strata.store;

import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Writes YAML scalars so that each one stays on one line and reads back as exactly the same text:
 * plain when that is unambiguous, double-quoted with escapes otherwise.
 */
final class CanonicalYaml {

    private static final StringQuotingChecker CHECKER = StringQuotingChecker.Default.instance();
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    private CanonicalYaml() {
    }

    static String key(String key) {
        return isPlainSafe(key) && !CHECKER.needToQuoteName(key) ? key : doubleQuoted(key);
    }

    static String value(String value) {
        return isPlainSafe(value) && !CHECKER.needToQuoteValue(value) ? value : doubleQuoted(value);
    }

    /** Conservative on purpose: anything a YAML reader might take for structure, a type or nothing gets quotes. */
    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || INDICATORS.indexOf(s.charAt(0)) >= 0 || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '
                || s.charAt(s.length() - 1) == ':' || s.contains(": ") || s.contains(" #") || s.equals("~")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i)) || s.charAt(i) == '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029' || c == '\uFEFF';
    }

    /**
     * The text of a scalar written by {@link #key} or {@link #value}, or null when {@code written}
     * is not one of the forms they write. Only the quoted form needs decoding; whether a plain
     * scalar is canonical is for the caller to check by writing it again.
     */
    static String read(String written) {
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
     * The index of the quote that closes the double-quoted scalar opening at {@code open}, looking
     * no further than {@code end}; -1 when it is not closed there.
     */
    static int closingQuote(String s, int open, int end) {
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
}
