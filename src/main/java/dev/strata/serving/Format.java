package dev.strata.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The formats an application can fetch its configuration in, by {@code ?format=} or the Accept header. */
enum Format {

    JSON(MediaType.APPLICATION_JSON) {
        @Override
        String render(Map<String, Object> values) {
            return JSON_MAPPER.writeValueAsString(values);
        }
    },
    YAML(MediaType.parseMediaType("application/yaml")) {
        @Override
        String render(Map<String, Object> values) {
            return values.isEmpty() ? "{}\n" : YAML_MAPPER.writeValueAsString(values);
        }
    },
    PROPERTIES(MediaType.parseMediaType("text/x-java-properties;charset=UTF-8")) {
        @Override
        String render(Map<String, Object> values) {
            var properties = new Properties();
            values.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
            var out = new ByteArrayOutputStream();
            try {
                properties.store(out, null); // a byte stream: every character beyond ASCII is escaped, as Java reads it
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Properties.store starts with a date comment and keeps no order: drop the one, sort the rest
            return out.toString(StandardCharsets.ISO_8859_1).lines().filter(line -> !line.startsWith("#")).sorted()
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    },
    ENV(MediaType.parseMediaType("text/plain;charset=UTF-8")) {
        @Override
        String render(Map<String, Object> values) {
            var out = new StringBuilder();
            values.forEach((key, value) -> out.append(environmentName(key)).append('=')
                    .append(shellValue(String.valueOf(value))).append('\n'));
            return out.toString();
        }
    };

    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();
    private static final YAMLMapper YAML_MAPPER = YAMLMapper.builder().build();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]*");

    private final MediaType mediaType;
    private final String contentType;

    Format(MediaType mediaType) {
        this.mediaType = mediaType;
        this.contentType = mediaType.toString();
    }

    /** The Content-Type header of this format. */
    String contentType() {
        return contentType;
    }

    abstract String render(Map<String, Object> values);

    static Optional<Format> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /** The first format the Accept header asks for, JSON when it asks for none of them or anything. */
    static Optional<Format> accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        for (MediaType wanted : MediaType.parseMediaTypes(accept)) {
            if (wanted.isWildcardType()) {
                return Optional.of(JSON);
            }
            for (Format format : values()) {
                if (wanted.isCompatibleWith(format.mediaType) || (format == YAML && wanted.getSubtype().equals("x-yaml"))) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The environment variable Spring Boot's relaxed binding reads for a key: {@code server.port}
     * is {@code SERVER_PORT}, {@code my-app.items[0]} is {@code MYAPP_ITEMS_0_}.
     */
    static String environmentName(String key) {
        return key.replace("-", "").replace('.', '_').replace('[', '_').replace(']', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * A value as a POSIX shell reads it: as it is when plain (which {@code docker --env-file} reads
     * the same way), else single-quoted, which shells read literally, line breaks included.
     */
    static String shellValue(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
