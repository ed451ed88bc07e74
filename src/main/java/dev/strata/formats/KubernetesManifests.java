package dev.strata.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * Settings as a Kubernetes {@code ConfigMap} or {@code Secret} manifest in YAML, for
 * {@code ?format=configmap|secret} and the rendered branch. Every value is a string there (a
 * ConfigMap's {@code data} holds nothing else), so numbers and booleans are quoted.
 * <p>
 * Kubernetes allows keys of {@code [-._a-zA-Z0-9]+}, at most 253 characters. Strata keys already
 * are, except for list indexes: {@code [} becomes {@code .} and {@code ]} is dropped, so
 * {@code hosts[0]} is {@code hosts.0} and {@code servers[1].port} is {@code servers.1.port} (the
 * form Spring Boot's config tree binds to the same list). A key whose mapped name another key
 * already has, or that is still not a valid name, is left out and listed in the annotation
 * {@value #SKIPPED_KEYS}, so that nothing is lost silently.
 */
public final class KubernetesManifests {

    public static final String REVISION = "strata.dev/revision";
    public static final String ENVIRONMENT = "strata.dev/environment";
    public static final String SKIPPED_KEYS = "strata.dev/skipped-keys";
    public static final String MEDIA_TYPE = "application/yaml";

    private static final Pattern VALID_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private KubernetesManifests() {}

    /** A {@code ConfigMap} named {@code app} holding {@code values} (key to text) in {@code data}. */
    public static String configMap(String app, String env, String revision, Map<String, String> values) {
        return manifest("ConfigMap", "data", app, env, revision, values);
    }

    /** A {@code Secret} named {@code app} of type Opaque holding {@code values} in {@code stringData}. */
    public static String secret(String app, String env, String revision, Map<String, String> values) {
        return manifest("Secret", "stringData", app, env, revision, values);
    }

    /** The name {@code key} has in a manifest, following the mapping above, valid or not. */
    public static String key(String key) {
        return key.replace('[', '.').replace("]", "");
    }

    /** The keys of {@code keys} that a manifest leaves out, in their order: see the class comment. */
    public static List<String> skipped(Iterable<String> keys) {
        return mapped(keys).skipped();
    }

    private record Mapping(SequencedMap<String, String> names, List<String> skipped) {}

    /** Each key to its name in a manifest; a key already valid is kept before one mapped onto it. */
    private static Mapping mapped(Iterable<String> keys) {
        Map<String, String> byName = new LinkedHashMap<>();
        List<String> candidates = new ArrayList<>();
        for (String key : keys) {
            if (VALID_KEY.matcher(key).matches()) {
                byName.put(key, key);
            } else {
                candidates.add(key);
            }
        }
        List<String> skipped = new ArrayList<>();
        for (String key : candidates) {
            String name = key(key);
            if (VALID_KEY.matcher(name).matches()
                    && !byName.containsKey(name)
                    && !name.equals(".")
                    && !name.equals("..")) {
                byName.put(name, key);
            } else {
                skipped.add(key);
            }
        }
        Map<String, String> nameOf = new LinkedHashMap<>();
        byName.forEach((name, key) -> nameOf.put(key, name));
        SequencedMap<String, String> names = new LinkedHashMap<>();
        for (String key : keys) {
            if (nameOf.containsKey(key)) {
                names.put(key, nameOf.get(key));
            }
        }
        return new Mapping(names, skipped);
    }

    private static String manifest(
            String kind, String field, String app, String env, String revision, Map<String, String> values) {
        Mapping mapping = mapped(values.keySet());
        StringBuilder yaml = new StringBuilder(64 + values.size() * 32)
                .append("apiVersion: v1\n")
                .append("kind: ")
                .append(kind)
                .append('\n')
                .append("metadata:\n")
                .append("  name: ")
                .append(YamlScalar.string(app))
                .append('\n')
                .append("  labels:\n")
                .append("    app.kubernetes.io/name: ")
                .append(YamlScalar.string(app))
                .append('\n')
                .append("    app.kubernetes.io/managed-by: strata\n")
                .append("  annotations:\n")
                .append("    ")
                .append(REVISION)
                .append(": ")
                .append(YamlScalar.string(revision))
                .append('\n')
                .append("    ")
                .append(ENVIRONMENT)
                .append(": ")
                .append(YamlScalar.string(env))
                .append('\n');
        if (!mapping.skipped().isEmpty()) {
            yaml.append("    ")
                    .append(SKIPPED_KEYS)
                    .append(": ")
                    .append(YamlScalar.string(String.join(",", mapping.skipped())))
                    .append('\n');
        }
        if (kind.equals("Secret")) {
            yaml.append("type: Opaque\n");
        }
        if (mapping.names().isEmpty()) {
            return yaml.append(field).append(": {}\n").toString();
        }
        yaml.append(field).append(":\n");
        mapping.names()
                .forEach((key, name) -> yaml.append("  ")
                        .append(YamlScalar.string(name))
                        .append(": ")
                        .append(YamlScalar.string(values.get(key)))
                        .append('\n'));
        return yaml.toString();
    }
}
