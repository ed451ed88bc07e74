package dev.strata.serving;

import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.formats.Scalar;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an application gets for one environment at one revision: every key with its effective
 * value (schema defaults applied), typed as the schema says, sorted by key.
 *
 * @param revision the revision it was resolved at
 * @param values   key to value, bare where the schema types it ({@link Scalar#of})
 * @param sources  key to where its value comes from: {@code app}, {@code shared:<set>} or {@code default}
 * @param secrets  the keys whose value is secret, by the schema of the application or set that holds it
 * @param layers   the layers the values were taken from, highest first ({@link Resolution})
 */
record ResolvedConfig(
        Revision revision,
        Map<String, Scalar> values,
        Map<String, String> sources,
        Set<String> secrets,
        List<Layer> layers) {

    ResolvedConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        secrets = Set.copyOf(secrets);
        layers = List.copyOf(layers);
    }

    boolean secret(String key) {
        return secrets.contains(key);
    }

    /**
     * One layer's readable values.
     *
     * @param kind   the application's own values, a shared set's, or the defaults of one schema
     * @param holder the application or set whose file or schema holds them
     * @param values key to value, typed as {@link ResolvedConfig#values()}
     */
    record Layer(Resolution.Layer kind, String holder, Map<String, Scalar> values) {

        Layer {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        Map<String, Object> typed() {
            return ResolvedConfig.typed(values);
        }
    }

    /** The values as JSON values for Jackson: String, Boolean or BigDecimal (which keeps the digits). */
    Map<String, Object> typed() {
        return typed(values);
    }

    private static Map<String, Object> typed(Map<String, Scalar> values) {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> typed.put(
                key,
                switch (value.kind()) {
                    case TEXT -> value.text();
                    case BOOL -> Boolean.valueOf(value.text());
                    case NUMBER -> new BigDecimal(value.text());
                }));
        return typed;
    }
}
