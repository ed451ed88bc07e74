package dev.strata.history;

import dev.strata.config.HistoryQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The commits of one history query for a grid that asks for rows by offset, fetched from Git's
 * cursor-based pages. A session holds at most {@value #WINDOW} pages of commits, the ones used most
 * recently; scrolling back to an evicted page fetches it again from the cursor where it starts,
 * which is all that is kept of every page seen.
 */
public final class HistoryFeed {

    static final int PAGE = 50;
    /** Pages of commits held at once: a few screens either side of where a person is looking. */
    static final int WINDOW = 6;

    private final Function<HistoryQuery, HistoryService.Page> pages;
    private final HistoryQuery query;
    private final int window;
    /** The cursor each page starts after, by page number; page 0 starts at the newest commit (null). */
    private final List<@Nullable String> starts = new ArrayList<>();

    private final LinkedHashMap<Integer, List<HistoryService.Commit>> held;
    /** The number of the last page, once a page without a next cursor was read. */
    private int lastPage = Integer.MAX_VALUE;

    public HistoryFeed(HistoryService history, HistoryQuery query) {
        this(history::page, query, WINDOW);
    }

    HistoryFeed(Function<HistoryQuery, HistoryService.Page> pages, HistoryQuery query, int window) {
        this.pages = pages;
        this.query = query;
        this.window = window;
        this.starts.add(null);
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, List<HistoryService.Commit>> eldest) {
                return size() > HistoryFeed.this.window;
            }
        };
    }

    public Stream<HistoryService.Commit> fetch(int offset, int limit) {
        int size = query.limit();
        List<HistoryService.Commit> rows = new ArrayList<>(limit);
        for (int number = offset / size; number <= (offset + limit - 1) / size && number <= lastPage; number++) {
            List<HistoryService.Commit> page = page(number);
            int from = Math.max(0, offset - number * size);
            int to = Math.min(page.size(), offset + limit - number * size);
            if (from < to) {
                rows.addAll(page.subList(from, to));
            }
        }
        return rows.stream();
    }

    /** How many commits this feed holds now; never more than the window's pages. */
    int commitsHeld() {
        return held.values().stream().mapToInt(List::size).sum();
    }

    private List<HistoryService.Commit> page(int number) {
        List<HistoryService.Commit> page = held.get(number);
        if (page != null) {
            return page;
        }
        // the cursor of a page is known only once the page before it was read: walk there from the furthest known
        for (int next = starts.size() - 1; next < number && next < lastPage; next++) {
            read(next);
        }
        return number <= lastPage && number < starts.size() ? read(number) : List.of();
    }

    private List<HistoryService.Commit> read(int number) {
        List<HistoryService.Commit> cached = held.get(number);
        if (cached != null) {
            return cached;
        }
        String start = starts.get(number);
        HistoryService.Page page = pages.apply(start == null ? query : query.after(start));
        if (page.nextCursor() == null) {
            lastPage = number;
        } else if (starts.size() == number + 1) {
            starts.add(page.nextCursor());
        }
        held.put(number, page.entries());
        return page.entries();
    }

    public static HistoryQuery firstPage(HistoryQuery filters) {
        return new HistoryQuery(
                filters.app(),
                filters.env(),
                filters.key(),
                filters.author(),
                filters.since(),
                filters.until(),
                PAGE,
                null);
    }
}
