package dev.strata.config;

import java.util.List;

/**
 * One page of history, newest first.
 *
 * @param entries    the commits
 * @param nextCursor pass to {@link HistoryQuery#after(String)} for the next page; null on the last page
 */
public record HistoryPage(List<HistoryEntry> entries, String nextCursor) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
