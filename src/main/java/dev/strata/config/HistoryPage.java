package dev.strata.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of history, newest first.
 *
 * @param entries    the commits
 * @param nextCursor pass to {@link HistoryQuery#after(String)} for the next page; null when the history is
 *                   exhausted. A full page always has one (finding out whether more follow could mean
 *                   walking the rest of the history), so the page after it may be empty.
 */
public record HistoryPage(
        List<HistoryEntry> entries, @Nullable String nextCursor) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
