package dev.strata.config;

import org.jspecify.annotations.Nullable;

/**
 * The naming and value rules of PRODUCT.md, checked character by character so that the message can
 * say exactly which rule was broken and where.
 */
final class Rules {

    static final int MAX_VALUE_BYTES = 64 * 1024;

    private Rules() {}

    /** Application and environment names: {@code [a-z][a-z0-9-]{0,62}}. */
    static void checkName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(kind, kind + " name must not be empty");
        }
        if (name.length() > 63) {
            throw new InvalidNameException(
                    kind, kind + " name is " + name.length() + " characters long; at most 63 are allowed");
        }
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            throw new InvalidNameException(
                    kind,
                    kind + " name " + quote(name) + " must start with a lower-case letter a-z, not "
                            + describe(name, 0));
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new InvalidNameException(
                        kind,
                        kind + " name " + quote(name) + " contains "
                                + describe(name, i) + " at position " + (i + 1)
                                + "; only lower-case letters a-z, digits 0-9 and '-' are allowed");
            }
        }
    }

    /** Setting keys: {@code [A-Za-z_][A-Za-z0-9_.\-\[\]]{0,199}}. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidNameException("key", "key must not be empty");
        }
        if (key.length() > 200) {
            throw new InvalidNameException(
                    "key", "key is " + key.length() + " characters long; at most 200 are allowed");
        }
        char first = key.charAt(0);
        if (!(isAsciiLetter(first) || first == '_')) {
            throw new InvalidNameException(
                    key(key),
                    "key " + quote(key) + " must start with a letter A-Z, a-z or '_', not " + describe(key, 0));
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(isAsciiLetter(c)
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '.'
                    || c == '-'
                    || c == '['
                    || c == ']')) {
                throw new InvalidNameException(
                        key(key),
                        "key " + quote(key) + " contains "
                                + describe(key, i) + " at position " + (i + 1)
                                + "; only letters A-Z and a-z, digits 0-9 and _ . - [ ] are allowed");
            }
        }
    }

    /** Values: UTF-8 text of at most 64 KiB with no NUL. Returns the problem, or null when valid. */
    static @Nullable String valueProblem(String value) {
        if (value == null) {
            return "value must not be null (unset the key instead)";
        }
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "value contains a NUL character at position " + (i + 1) + "; NUL is not allowed";
            }
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return "value contains an unpaired UTF-16 surrogate at position " + (i + 1)
                        + "; it is not valid Unicode text";
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_VALUE_BYTES) {
            return "value is " + bytes + " bytes of UTF-8; at most " + MAX_VALUE_BYTES + " (64 KiB) are allowed";
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static String key(String key) {
        return key.length() > 200 ? key.substring(0, 200) : key;
    }

    /** Quotes a name for a message, escaping what a reader could not see (NUL, controls). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(s.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > shown ? "…'" : "'").toString();
    }

    /** Names the character at {@code i} with its code point, so look-alikes (Cyrillic 'а') are visible. */
    private static String describe(String s, int i) {
        int cp = s.codePointAt(i);
        String shown = Character.isISOControl(cp) ? "" : "'" + new String(Character.toChars(cp)) + "' ";
        return shown + String.format("(U+%04X%s)", cp, cp == 0 ? " NUL" : cp > 0x7F ? " " + Character.getName(cp) : "");
    }
}
