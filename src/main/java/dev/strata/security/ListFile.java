package dev.strata.security;

import dev.strata.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML file of the data directory holding one list of entries under one name, such as
 * {@code users:} in users.yaml and {@code tokens:} in tokens.yaml. Reading is strict and every
 * problem names the file and the line of the entry; writing replaces the file atomically, so a
 * crash leaves either the old or the new list.
 */
final class ListFile {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final long MAX_SIZE = 4L * 1024 * 1024;

    private final Path path;
    private final String listName;

    ListFile(Path path, String listName) {
        this.path = path;
        this.listName = listName;
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    /**
     * Reads every entry through {@code entry}, which gets the entry and its line and throws
     * {@link IllegalArgumentException} with what is wrong.
     */
    <T> List<T> read(BiFunction<JsonNode, Integer, T> entry) {
        try {
            if (Files.size(path) > MAX_SIZE) {
                throw problem(0, "the file is larger than 4 MiB");
            }
            try (InputStream in = Files.newInputStream(path);
                    JsonParser parser = YAML.createParser(in)) {
                return readDocument(parser, entry);
            }
        } catch (IOException e) {
            throw new AccountsFileException(path + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw problem(line, "is not valid YAML (" + e.getOriginalMessage() + ")");
        }
    }

    private <T> List<T> readDocument(JsonParser parser, BiFunction<JsonNode, Integer, T> entry) {
        JsonToken first = parser.nextToken();
        List<T> entries = new ArrayList<>();
        if (first == null) {
            return entries;
        }
        if (first != JsonToken.START_OBJECT) {
            throw problem(line(parser), "expected a map with a '" + listName + "' list");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!listName.equals(field)) {
                throw problem(line(parser), "unknown entry '" + field + "' (expected '" + listName + "')");
            }
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            if (value != JsonToken.START_ARRAY) {
                throw problem(line(parser), "'" + listName + "' must be a list");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int line = line(parser);
                JsonNode node = parser.readValueAsTree();
                try {
                    entries.add(entry.apply(node, line));
                } catch (IllegalArgumentException e) {
                    throw problem(line, e.getMessage());
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw problem(line(parser), "each entry of '" + listName + "' must be a map");
            }
        }
        return entries;
    }

    /** Refuses fields other than {@code allowed}, so that a typo does not silently drop a setting. */
    static void onlyFields(JsonNode node, Set<String> allowed) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown field '" + field + "' (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** A yes/no field; absent means no. */
    static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    static List<String> texts(JsonNode node, String field, String example) {
        JsonNode list = node.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list such as " + example);
        }
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asString()));
        return texts;
    }

    void write(List<Map<String, Object>> entries) {
        try {
            AtomicFile.write(path, YAML.writeValueAsBytes(Map.of(listName, entries)));
        } catch (IOException e) {
            throw new AccountsFileException(path + ": cannot be written (" + e.getMessage() + ")", e);
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private AccountsFileException problem(int line, String what) {
        return new AccountsFileException(path + (line > 0 ? ":" + line : "") + ": " + what, null);
    }
}
