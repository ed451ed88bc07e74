package dev.strata.config;

import java.util.List;

/**
 * One page of history, newest first.
 *
 * @param entries    the commits
 * @param nextCursor pass to {@link HistoryQuery#after(String)} for the next page; null when the history is
 *                   exhausted. A full page always has one (finding out whether more follow could mean
 *                   walking the rest of the history), so the page after it may be empty.
 */
public record HistoryPage(List<HistoryEntry> entries, String nextCursor) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
