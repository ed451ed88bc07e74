package dev.strata.serving;

import dev.strata.config.Revision;
import dev.strata.formats.Scalar;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an application gets for one environment at one revision: every key with its effective
 * value (schema defaults applied), typed as the schema says, sorted by key.
 *
 * @param revision the revision it was resolved at
 * @param values   key to value, bare where the schema types it ({@link Scalar#of})
 */
record ResolvedConfig(Revision revision, Map<String, Scalar> values) {

    ResolvedConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The values as JSON values for Jackson: String, Boolean or BigDecimal (which keeps the digits). */
    Map<String, Object> typed() {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> typed.put(key, switch (value.kind()) {
            case TEXT -> value.text();
            case BOOL -> Boolean.valueOf(value.text());
            case NUMBER -> new BigDecimal(value.text());
        }));
        return typed;
    }
}
