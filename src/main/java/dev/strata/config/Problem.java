package dev.strata.config;

import java.util.Objects;

/**
 * One broken rule: what it concerns (a key, a name, a field) and a sentence saying what is wrong.
 *
 * @param subject the key, name or field the problem is about
 * @param message what is wrong and, where it helps, what would be right
 */
public record Problem(String subject, String message) {

    public Problem {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
