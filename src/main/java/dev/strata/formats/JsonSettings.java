package dev.strata.formats;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Settings as one JSON object: read with nested objects flattened with dots and arrays with
 * {@code [i]}, numbers taken as the digits written (never through a double), a key given twice
 * refused; written compact, booleans and numbers of typed keys bare, everything else a string.
 */
public final class JsonSettings {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(YamlTrees.MAX_DEPTH)
                    .maxDocumentLength(FileFormat.MAX_CHARS)
                    // a value over 64 KiB is refused by the value rule, which names its key, like in every format
                    .maxStringLength(FileFormat.MAX_CHARS)
                    .maxNameLength(64 * 1024)
                    .maxNumberLength(400)
                    .build())
            .build();

    private JsonSettings() {}

    public static String write(Map<String, Scalar> settings) {
        var out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            for (var entry : settings.entrySet()) {
                json.writeName(entry.getKey());
                Scalar value = entry.getValue();
                switch (value.kind()) {
                    case TEXT -> json.writeString(value.text());
                    case BOOL -> json.writeBoolean(Boolean.parseBoolean(value.text()));
                    case NUMBER -> json.writeNumber(value.text()); // the digits as stored, never through a double
                }
            }
            json.writeEndObject();
        }
        return out.toString();
    }

    public static Reading read(String text) {
        var collector = new SettingsCollector();
        try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            try {
                if (json.nextToken() != JsonToken.START_OBJECT) {
                    TokenStreamLocation at = json.currentTokenLocation();
                    collector.error(at.getLineNr(), at.getColumnNr(), "expected a JSON object of keys and values");
                    return collector.reading();
                }
                object(json, "", collector);
                if (json.nextToken() != null) {
                    TokenStreamLocation at = json.currentTokenLocation();
                    collector.error(at.getLineNr(), at.getColumnNr(), "unexpected text after the JSON object");
                }
            } catch (JacksonException e) {
                // a limit (depth, length) is reported without a location: then it is where the parser stopped
                TokenStreamLocation at = e.getLocation() != null ? e.getLocation() : json.currentLocation();
                collector.error(
                        at.getLineNr(),
                        at.getColumnNr(),
                        "not valid JSON: " + FormatException.parserMessage(e.getOriginalMessage()));
            }
        }
        return collector.reading();
    }

    private static void object(JsonParser json, String prefix, SettingsCollector collector) {
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = prefix + json.currentName();
            json.nextToken();
            value(json, key, collector);
        }
    }

    private static void value(JsonParser json, String key, SettingsCollector collector) {
        TokenStreamLocation at = json.currentTokenLocation();
        switch (json.currentToken()) {
            case START_OBJECT -> object(json, key + ".", collector);
            case START_ARRAY -> {
                int i = 0;
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    value(json, key + "[" + i++ + "]", collector);
                }
            }
            case VALUE_NULL -> {
                // null means "no value": the key is absent, as in a YAML file
            }
            // getString() of a number is its text as written: 1E2 stays 1E2, and 1.00000000000000000001 keeps every
            // digit
            default -> collector.put(key, json.getString(), at.getLineNr(), at.getColumnNr());
        }
    }
}
