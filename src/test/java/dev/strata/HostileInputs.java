package dev.strata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Texts of 64 KiB (the most a value may hold, so that they reach every check of a value) that make
 * careless parsers and regular expressions slow, by what they are made of.
 */
public final class HostileInputs {

    public static final int SIZE = 64 * 1024;

    private static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("letters", "a".repeat(SIZE));
        ALL.put("schemes", "a://".repeat(SIZE / 4));
        ALL.put("a URL that never gets its @", "a://b:" + "c".repeat(SIZE - 6));
        ALL.put("key headers", "-----BEGIN ".repeat(SIZE / 11));
        ALL.put("a key header and letters", "-----BEGIN " + "A".repeat(SIZE - 11));
        ALL.put("nested brackets", "[".repeat(SIZE));
        ALL.put("nested braces", "{\"a\":".repeat(SIZE / 5));
        ALL.put("nested placeholders", "${".repeat(SIZE / 2));
        ALL.put("digits", "1".repeat(SIZE - 1) + "x");
        ALL.put("whitespace", "\n" + " \t".repeat(SIZE / 2 - 1) + "x");
        ALL.put("blank lines", "\n \n".repeat(SIZE / 3));
        ALL.put("token prefixes", "sk-".repeat(SIZE / 3));
    }

    private HostileInputs() {}

    /** Each hostile text by what it is made of. */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(ALL);
    }
}
