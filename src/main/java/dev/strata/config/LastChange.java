package dev.strata.config;

import java.time.Instant;
import java.util.Objects;

/**
 * The newest commit that changed an application (its schema or one of its settings files).
 *
 * @param revision the commit
 * @param author   who made it
 * @param time     when
 * @param subject  the first line of its message
 */
public record LastChange(Revision revision, Author author, Instant time, String subject) {

    public LastChange {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
    }
}
