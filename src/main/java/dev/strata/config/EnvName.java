package dev.strata.config;

/**
 * The name of an environment: {@code [a-z][a-z0-9-]{0,62}}. Safe to use as a directory name.
 *
 * @param value the name as written in paths and URLs
 */
public record EnvName(String value) implements Comparable<EnvName> {

    public EnvName {
        Rules.checkName("environment", value);
    }

    @Override
    public int compareTo(EnvName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
