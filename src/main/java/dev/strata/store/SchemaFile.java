package dev.strata.store;

import dev.strata.config.AppName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Problem;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.formats.Scalar;
import dev.strata.formats.YamlScalar;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code schemas/<app>.yaml}: an application's description, owners and keys. */
final class SchemaFile {

    private static final Set<String> TOP_FIELDS = Set.of("description", "owners", "shared", "includes", "keys");
    private static final Set<String> KEY_FIELDS =
            Set.of("type", "default", "required", "secret", "envSpecific", "description", "values");

    private SchemaFile() {}

    static byte[] write(Schema schema) {
        StringBuilder yaml = new StringBuilder();
        if (!schema.description().isEmpty()) {
            yaml.append("description: ")
                    .append(YamlScalar.string(schema.description()))
                    .append('\n');
        }
        if (!schema.owners().isEmpty()) {
            yaml.append("owners:\n");
            schema.owners()
                    .forEach(owner ->
                            yaml.append("  - ").append(YamlScalar.string(owner)).append('\n'));
        }
        if (schema.shared()) {
            yaml.append("shared: true\n");
        }
        if (!schema.includes().isEmpty()) {
            yaml.append("includes:\n");
            schema.includes()
                    .forEach(set -> yaml.append("  - ")
                            .append(YamlScalar.string(set.value()))
                            .append('\n'));
        }
        yaml.append(schema.keys().isEmpty() ? "keys: {}\n" : "keys:\n");
        schema.keys().forEach((key, spec) -> {
            yaml.append("  ").append(YamlScalar.key(key.value())).append(":\n");
            yaml.append("    type: ").append(spec.type().schemaName()).append('\n');
            if (spec.defaultValue() != null) {
                yaml.append("    default: ")
                        .append(YamlScalar.value(Scalar.of(spec.type(), spec.defaultValue())))
                        .append('\n');
            }
            flag(yaml, "required", spec.required());
            flag(yaml, "secret", spec.secret());
            flag(yaml, "envSpecific", spec.envSpecific());
            if (spec.description() != null) {
                yaml.append("    description: ")
                        .append(YamlScalar.string(spec.description()))
                        .append('\n');
            }
            if (!spec.values().isEmpty()) {
                yaml.append("    values:\n");
                spec.values()
                        .forEach(v -> yaml.append("      - ")
                                .append(YamlScalar.string(v))
                                .append('\n'));
            }
        });
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void flag(StringBuilder yaml, String name, boolean value) {
        if (value) {
            yaml.append("    ").append(name).append(": true\n");
        }
    }

    static Schema read(byte[] bytes) throws UnreadableFileException {
        Object tree = YamlTree.read(bytes);
        if (tree == null) {
            return Schema.EMPTY;
        }
        Map<?, ?> top = YamlTree.map(tree, "the schema");
        YamlTree.unknownFields(top, TOP_FIELDS, "the schema");
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        Object keysNode = top.get("keys");
        if (keysNode != null) {
            for (Map.Entry<?, ?> entry : YamlTree.map(keysNode, "keys").entrySet()) {
                String name = (String) entry.getKey();
                try {
                    keys.put(new SettingKey(name), spec(name, entry.getValue()));
                } catch (ValidationException e) {
                    throw new UnreadableFileException("declares the key " + name + " badly: "
                            + e.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
                }
            }
        }
        try {
            List<AppName> includes = YamlTree.strings(top.get("includes"), "includes").stream()
                    .map(AppName::new)
                    .toList();
            return new Schema(
                    YamlTree.scalar(top.get("description"), "description"),
                    YamlTree.strings(top.get("owners"), "owners"),
                    keys,
                    YamlTree.bool(top.get("shared"), "shared"),
                    includes);
        } catch (ValidationException e) { // a bad name in includes too
            throw new UnreadableFileException(e.getMessage());
        }
    }

    private static KeySpec spec(String key, Object node) throws UnreadableFileException {
        if (node == null) {
            return KeySpec.UNDECLARED;
        }
        Map<?, ?> spec = YamlTree.map(node, "key " + key);
        YamlTree.unknownFields(spec, KEY_FIELDS, "key " + key);
        String type = YamlTree.scalar(spec.get("type"), key + ".type");
        return new KeySpec(
                type == null ? KeyType.STRING : KeyType.parse(type),
                YamlTree.scalar(spec.get("default"), key + ".default"),
                YamlTree.bool(spec.get("required"), key + ".required"),
                YamlTree.bool(spec.get("secret"), key + ".secret"),
                YamlTree.bool(spec.get("envSpecific"), key + ".envSpecific"),
                YamlTree.scalar(spec.get("description"), key + ".description"),
                YamlTree.strings(spec.get("values"), key + ".values"));
    }
}
