package dev.strata.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * The one YAML reader: untrusted YAML (files pushed by anyone with Git access, pasted imports) into
 * plain maps, lists and strings, with hard bounds: document size, nesting depth and string length.
 * Aliases are refused (so there is nothing to expand: no billion laughs), tags other than YAML's core
 * ones are refused (and none is ever instantiated: this reads tokens, never objects), duplicate keys
 * are refused by the parser. Every refusal says at which line and column.
 */
public final class YamlTrees {

    /** Settings files are small; 4 MiB leaves room for dozens of maximal 64 KiB values. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    public static final int MAX_DEPTH = 32;
    private static final int MAX_STRING_CHARS = 64 * 1024;

    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq").stream()
            .map(t -> "tag:yaml.org,2002:" + t)
            .collect(Collectors.toSet());

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loadSettings(
                    LoadSettings.builder().setCodePointLimit(MAX_DOCUMENT_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_STRING_CHARS)
                    .build())
            .build();

    private YamlTrees() {}

    /**
     * Parses {@code bytes} into {@code Map<String, Object>}, {@code List<Object>}, {@code String}
     * (every scalar, as written) or null (an empty document or a {@code null} scalar).
     */
    public static Object read(byte[] bytes) throws FormatException {
        return read(bytes, null);
    }

    /**
     * Reads {@code bytes} as {@link #read(byte[])} does, and gives every scalar to {@code leaves}
     * under its flattened key: nested maps joined with dots, list items as {@code [i]}; null scalars
     * are left out (a key without value is absent).
     */
    static Object read(byte[] bytes, Leaves leaves) throws FormatException {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new FormatException(
                    0, 0, "is " + bytes.length + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return null;
                }
                Object tree = value(parser, first, 0, "", leaves);
                if (parser.nextToken() != null) {
                    throw new FormatException(0, 0, "holds more than one YAML document");
                }
                return tree;
            } catch (JacksonException e) {
                // a limit (depth, length) is reported without a location: then it is where the parser stopped
                TokenStreamLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new FormatException(
                        at.getLineNr(),
                        at.getColumnNr(),
                        "is not valid YAML: " + FormatException.parserMessage(e.getOriginalMessage()));
            }
        } catch (JacksonException e) {
            throw new FormatException(
                    0, 0, "is not valid YAML: " + FormatException.parserMessage(e.getOriginalMessage()));
        }
    }

    /** Receives the scalars of a document, with where they are. */
    interface Leaves {
        void scalar(String key, String value, int line, int column);
    }

    private static Object value(JsonParser parser, JsonToken token, int depth, String path, Leaves leaves)
            throws FormatException {
        YAMLParser yaml = (YAMLParser) parser;
        TokenStreamLocation at = parser.currentTokenLocation();
        if (yaml.isCurrentAlias()) {
            throw refusal(
                    at,
                    "uses a YAML alias (*" + parser.getString() + "); aliases are not supported, write the value out");
        }
        String tag = yaml.getTypeId();
        if (tag != null && !CORE_TAGS.contains(tag)) {
            throw refusal(at, "uses the YAML tag " + tag + "; custom tags are not allowed");
        }
        if (depth > MAX_DEPTH) {
            throw refusal(at, "is nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (token) {
            case START_OBJECT -> map(parser, depth, path, leaves);
            case START_ARRAY -> list(parser, depth, path, leaves);
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT -> {
                String text = parser.getString();
                if (leaves != null) {
                    leaves.scalar(path, text, at.getLineNr(), at.getColumnNr());
                }
                yield text;
            }
            default -> throw refusal(at, "has an unexpected " + token);
        };
    }

    private static FormatException refusal(TokenStreamLocation at, String message) {
        return new FormatException(at.getLineNr(), at.getColumnNr(), message);
    }

    private static Map<String, Object> map(JsonParser parser, int depth, String path, Leaves leaves)
            throws FormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            map.put(
                    name,
                    value(parser, parser.nextToken(), depth + 1, path.isEmpty() ? name : path + "." + name, leaves));
        }
        if (token != JsonToken.END_OBJECT) {
            throw refusal(parser.currentTokenLocation(), "has an unexpected " + token);
        }
        return map;
    }

    private static List<Object> list(JsonParser parser, int depth, String path, Leaves leaves) throws FormatException {
        List<Object> list = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw refusal(parser.currentTokenLocation(), "ends inside a list");
            }
            list.add(value(parser, token, depth + 1, path + "[" + list.size() + "]", leaves));
        }
        return list;
    }
}
