package dev.strata.formats;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Settings as YAML: read leniently (nested maps flattened with dots, lists with {@code [i]}, null
 * leaves the key out), as people write it by hand; written in canonical form, one key per line in
 * the map's order, each scalar as {@link YamlScalar} writes it, so that a change to one key is a
 * one-line diff. The store writes its files with this writer, and serving and download answer with it.
 */
public final class YamlSettings {

    private YamlSettings() {}

    /**
     * The canonical form of {@code settings}. Hand-written rather than through Jackson's YAML
     * generator: a 200-key file takes 20 to 55 µs here against 110 to 180 µs with {@code YAMLMapper},
     * three to six times longer (bench/java/dev/strata/formats/YamlWriteBenchmark, both timed in one
     * run on a shared 2-core machine), and the
     * generator's quoting would still need overriding for the typed scalars and one line per key.
     * Every commit writes one such file, and the store's canonical reader checks each line against it.
     */
    public static String write(Map<String, Scalar> settings) {
        if (settings.isEmpty()) {
            return "{}\n";
        }
        StringBuilder yaml = new StringBuilder(settings.size() * 32);
        settings.forEach((key, value) -> yaml.append(line(key, value)).append('\n'));
        return yaml.toString();
    }

    /** One line of the canonical form, without its line break. */
    public static String line(String key, Scalar value) {
        return YamlScalar.key(key) + ": " + YamlScalar.value(value);
    }

    public static Reading read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The settings of a YAML document, in document order; an empty document holds none. */
    public static Reading read(byte[] bytes) {
        var collector = new SettingsCollector();
        try {
            Object tree = YamlTrees.read(bytes, collector::put);
            if (tree != null && !(tree instanceof Map<?, ?>)) {
                return new Reading(
                        Map.of(), java.util.List.of(new FormatError(0, 0, "must be a map of keys to values")));
            }
        } catch (FormatException e) {
            collector.error(e.error());
        }
        return collector.reading();
    }
}
