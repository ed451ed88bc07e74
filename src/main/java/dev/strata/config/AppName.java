package dev.strata.config;

/**
 * The name of an application: {@code [a-z][a-z0-9-]{0,62}}. Safe to use as a file name.
 *
 * @param value the name as written in paths and URLs
 */
public record AppName(String value) implements Comparable<AppName> {

    public AppName {
        Rules.checkName("application", value);
    }

    @Override
    public int compareTo(AppName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
