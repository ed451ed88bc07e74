package dev.strata.history;

import dev.strata.config.HistoryQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The commits of one history query as a list that grows page by page, so that a grid asking
 * for rows by offset gets them from Git's cursor-based pages, each page fetched once.
 */
public final class HistoryFeed {

    static final int PAGE = 50;

    private final HistoryService history;
    private final HistoryQuery query;
    private final List<HistoryService.Commit> loaded = new ArrayList<>();
    private String cursor;
    private boolean complete;

    public HistoryFeed(HistoryService history, HistoryQuery query) {
        this.history = history;
        this.query = query;
    }

    public Stream<HistoryService.Commit> fetch(int offset, int limit) {
        while (!complete && loaded.size() < offset + limit) {
            HistoryService.Page page = history.page((cursor == null ? query : query.after(cursor)));
            loaded.addAll(page.entries());
            cursor = page.nextCursor();
            complete = cursor == null;
        }
        return loaded.stream().skip(offset).limit(limit);
    }

    public static HistoryQuery firstPage(HistoryQuery filters) {
        return new HistoryQuery(filters.app(), filters.env(), filters.key(), filters.author(), filters.since(),
                filters.until(), PAGE, null);
    }
}
