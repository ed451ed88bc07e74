package dev.strata.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes {@code users.yaml}. Reading is strict: every problem is reported with the file
 * and line it is on, because a wrong account file must stop start-up rather than lock people out
 * or let them in silently.
 */
final class UsersFile {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final long MAX_SIZE = 4L * 1024 * 1024;

    private final Path path;

    UsersFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    List<Account> read() {
        try {
            if (Files.size(path) > MAX_SIZE) {
                throw problem(0, "the file is larger than 4 MiB");
            }
            try (InputStream in = Files.newInputStream(path); JsonParser parser = YAML.createParser(in)) {
                return readDocument(parser);
            }
        } catch (IOException e) {
            throw new AccountsFileException(path + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw problem(line, "is not valid YAML (" + e.getOriginalMessage() + ")");
        }
    }

    private List<Account> readDocument(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw problem(line(parser), "expected a map with a 'users' list");
        }
        List<Account> accounts = new ArrayList<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!"users".equals(field)) {
                throw problem(line(parser), "unknown entry '" + field + "' (expected 'users')");
            }
            if (value != JsonToken.START_ARRAY) {
                throw problem(line(parser), "'users' must be a list");
            }
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int line = line(parser);
                Account account = account(parser.readValueAsTree(), line);
                if (!seen.add(account.username())) {
                    throw problem(line, "duplicate username '" + account.username() + "'");
                }
                accounts.add(account);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw problem(line(parser), "each entry of 'users' must be a map");
            }
        }
        return accounts;
    }

    private Account account(JsonNode node, int line) {
        for (var field : node.propertyNames()) {
            if (!Set.of("username", "name", "email", "password", "roles").contains(field)) {
                throw problem(line, "unknown field '" + field + "' (expected username, name, email, password, roles)");
            }
        }
        List<Role> roles = new ArrayList<>();
        JsonNode rolesNode = node.path("roles");
        if (!rolesNode.isMissingNode() && !rolesNode.isArray()) {
            throw problem(line, "'roles' must be a list such as [editor:dev, approver:staging]");
        }
        for (JsonNode role : rolesNode) {
            try {
                roles.add(Role.parse(role.asString()));
            } catch (IllegalArgumentException e) {
                throw problem(line, e.getMessage());
            }
        }
        try {
            return new Account(text(node, "username"), text(node, "name"), text(node, "email"), text(node, "password"), roles);
        } catch (IllegalArgumentException e) {
            throw problem(line, e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** Replaces the file atomically, so that a crash leaves either the old or the new accounts. */
    void write(List<Account> accounts) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (Account a : accounts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("username", a.username());
            entry.put("name", a.name());
            entry.put("email", a.email());
            entry.put("password", a.password());
            entry.put("roles", a.roles().stream().map(Role::toString).toList());
            users.add(entry);
        }
        try {
            Files.createDirectories(path.getParent());
            Path temp = Files.createTempFile(path.getParent(), ".users", ".yaml.tmp");
            try {
                Files.writeString(temp, YAML.writeValueAsString(Map.of("users", users)));
                try {
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
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
