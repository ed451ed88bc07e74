package dev.strata.config;

import java.util.Objects;

/**
 * An application known to the repository, with its schema (empty when it has settings files but
 * no schema file).
 *
 * @param name   the application
 * @param schema its schema
 */
public record Application(AppName name, Schema schema) {

    public Application {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
    }
}
