package dev.strata.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One commit, with what it did to settings.
 *
 * @param revision     the commit
 * @param author       who made the change
 * @param time         when it was committed
 * @param message      why (the full commit message)
 * @param changes      per key before/after, in the settings files the commit changed
 * @param otherPaths   other files the commit changed (schemas, {@code strata.yaml}, unreadable files)
 * @param parents      the commits it was made on (none for the first, two for a merge)
 */
public record HistoryEntry(
        Revision revision,
        Author author,
        Instant time,
        String message,
        List<SettingChange> changes,
        List<String> otherPaths,
        List<Revision> parents) {

    public HistoryEntry {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(message, "message");
        changes = List.copyOf(changes);
        otherPaths = List.copyOf(otherPaths);
        parents = List.copyOf(parents);
    }
}
