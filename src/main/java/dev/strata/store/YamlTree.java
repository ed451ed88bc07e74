package dev.strata.store;

import dev.strata.formats.FormatError;
import dev.strata.formats.FormatException;
import dev.strata.formats.YamlTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The repository's YAML files as trees, read by the one YAML reader ({@link YamlTrees}: bounded
 * in size, depth and string length, no aliases, no custom tags, no duplicate keys), with what is
 * wrong said as the store says it of a file.
 */
final class YamlTree {

    /** Settings files are small; 4 MiB leaves room for dozens of maximal 64 KiB values. */
    static final int MAX_DOCUMENT_BYTES = YamlTrees.MAX_DOCUMENT_BYTES;

    private YamlTree() {}

    /**
     * Parses {@code bytes} into {@code Map<String, Object>}, {@code List<Object>}, {@code String}
     * (every scalar, as written) or null (an empty document or a {@code null} scalar).
     */
    static Object read(byte[] bytes) throws UnreadableFileException {
        try {
            return YamlTrees.read(bytes);
        } catch (FormatException e) {
            throw unreadable(e.error());
        }
    }

    /** A mistake the YAML reader found, as the message of an unreadable file. */
    static UnreadableFileException unreadable(FormatError error) {
        return new UnreadableFileException(error.message() + (error.line() > 0 ? " at " + error.where() : ""));
    }

    static UnreadableFileException tooLarge(long size) {
        return new UnreadableFileException("is " + size + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
    }

    // Accessors for the trees read above, each failing with a message that names the field.

    static Map<?, ?> map(Object node, String what) throws UnreadableFileException {
        if (node instanceof Map<?, ?> map) {
            return map;
        }
        throw new UnreadableFileException(what + " must be a map");
    }

    static void unknownFields(Map<?, ?> map, Set<String> known, String what) throws UnreadableFileException {
        for (Object field : map.keySet()) {
            if (!known.contains(field)) {
                throw new UnreadableFileException(what + " has an unknown field '" + field + "'; known fields are "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    static String scalar(Object node, String what) throws UnreadableFileException {
        if (node == null || node instanceof String) {
            return (String) node;
        }
        throw new UnreadableFileException(what + " must be a single value");
    }

    static boolean bool(Object node, String what) throws UnreadableFileException {
        String text = scalar(node, what);
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new UnreadableFileException(what + " must be true or false");
    }

    static List<String> strings(Object node, String what) throws UnreadableFileException {
        if (node == null) {
            return List.of();
        }
        if (node instanceof String single) {
            return List.of(single);
        }
        if (node instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (Object item : list) {
                String s = scalar(item, what);
                if (s != null) {
                    strings.add(s);
                }
            }
            return strings;
        }
        throw new UnreadableFileException(what + " must be a list of values");
    }
}
