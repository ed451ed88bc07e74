package dev.strata.serving;

import dev.strata.config.Revision;
import java.util.Map;

/**
 * What an application gets for one environment at one revision: every key with its effective
 * value (schema defaults applied), typed as the schema says, sorted by key.
 *
 * @param revision the revision it was resolved at
 * @param values   key to String, Long, BigDecimal or Boolean
 */
record ResolvedConfig(Revision revision, Map<String, Object> values) {

    ResolvedConfig {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
