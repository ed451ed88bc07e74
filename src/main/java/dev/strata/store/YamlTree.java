package dev.strata.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads untrusted YAML (files pushed by anyone with Git access) into plain maps, lists and strings,
 * with hard bounds: document size, nesting depth and string length. Aliases are refused (so there is
 * nothing to expand: no billion laughs), tags other than YAML's core ones are refused (and none is
 * ever instantiated: this reads tokens, never objects), duplicate keys are refused by the parser.
 */
final class YamlTree {

    /** Settings files are small; 4 MiB leaves room for dozens of maximal 64 KiB values. */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    static final int MAX_DEPTH = 32;
    private static final int MAX_STRING_CHARS = 64 * 1024;

    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq")
            .stream().map(t -> "tag:yaml.org,2002:" + t).collect(Collectors.toSet());

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loadSettings(LoadSettings.builder()
                    .setCodePointLimit(MAX_DOCUMENT_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_STRING_CHARS)
                    .build())
            .build();

    private YamlTree() {
    }

    /**
     * Parses {@code bytes} into {@code Map<String, Object>}, {@code List<Object>}, {@code String}
     * (every scalar, as written) or null (an empty document or a {@code null} scalar).
     */
    static Object read(byte[] bytes) throws UnreadableFileException {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw tooLarge(bytes.length);
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object tree = value(parser, first, 0);
            if (parser.nextToken() != null) {
                throw new UnreadableFileException("holds more than one YAML document");
            }
            return tree;
        } catch (JacksonException e) {
            throw new UnreadableFileException("is not valid YAML: " + firstLine(e.getOriginalMessage())
                    + at(e.getLocation() == null ? -1 : e.getLocation().getLineNr()));
        }
    }

    static UnreadableFileException tooLarge(long size) {
        return new UnreadableFileException("is " + size + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
    }

    private static Object value(JsonParser parser, JsonToken token, int depth) throws UnreadableFileException {
        YAMLParser yaml = (YAMLParser) parser;
        int line = parser.currentTokenLocation().getLineNr();
        if (yaml.isCurrentAlias()) {
            throw new UnreadableFileException("uses a YAML alias (*" + parser.getString() + ")" + at(line)
                    + "; aliases are not supported, write the value out");
        }
        String tag = yaml.getTypeId();
        if (tag != null && !CORE_TAGS.contains(tag)) {
            throw new UnreadableFileException("uses the YAML tag " + tag + at(line) + "; custom tags are not allowed");
        }
        if (depth > MAX_DEPTH) {
            throw new UnreadableFileException("is nested deeper than " + MAX_DEPTH + " levels" + at(line));
        }
        return switch (token) {
            case START_OBJECT -> map(parser, depth);
            case START_ARRAY -> list(parser, depth);
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT ->
                    parser.getString();
            default -> throw new UnreadableFileException("has an unexpected " + token + at(line));
        };
    }

    private static Map<String, Object> map(JsonParser parser, int depth) throws UnreadableFileException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            map.put(name, value(parser, parser.nextToken(), depth + 1));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new UnreadableFileException("has an unexpected " + token);
        }
        return map;
    }

    private static List<Object> list(JsonParser parser, int depth) throws UnreadableFileException {
        List<Object> list = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new UnreadableFileException("ends inside a list");
            }
            list.add(value(parser, token, depth + 1));
        }
        return list;
    }

    private static String at(int line) {
        return line > 0 ? " at line " + line : "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
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
