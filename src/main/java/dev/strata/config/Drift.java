package dev.strata.config;

import java.util.List;

/**
 * How an environment differs from the one before it in the pipeline, as people care about it:
 * effective values (defaults applied), ignoring {@code envSpecific} keys, which are meant to differ.
 */
public final class Drift {

    private Drift() {}

    /** The keys whose effective value in {@code env} differs from {@code previous}, sorted by key. */
    public static List<KeyChange> between(Schema schema, Settings previous, Settings env) {
        return KeyChange.between(schema.effective(previous), schema.effective(env)).stream()
                .filter(change -> !schema.spec(change.key()).envSpecific())
                .toList();
    }
}
