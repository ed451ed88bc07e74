package dev.strata.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.HistoryQuery;
import dev.strata.config.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The history page's feed of commits, over a history of a thousand commits served five at a time. */
class HistoryFeedTest {

    private static final int COMMITS = 1_003;
    private static final int PAGE = 5;
    private static final int WINDOW = 4;

    private final List<HistoryService.Commit> history =
            IntStream.range(0, COMMITS).mapToObj(HistoryFeedTest::commit).toList();
    private final List<HistoryQuery> asked = new ArrayList<>();

    private static HistoryService.Commit commit(int i) {
        return new HistoryService.Commit(
                new Revision("%040x".formatted(i)),
                "Alice",
                "alice@example.com",
                Instant.EPOCH.plusSeconds(i),
                "commit " + i,
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of());
    }

    /** Git's cursor pages: the cursor is the index of the next commit. */
    private HistoryService.Page page(HistoryQuery query) {
        asked.add(query);
        int from = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
        int to = Math.min(COMMITS, from + query.limit());
        return new HistoryService.Page(history.subList(from, to), to < COMMITS ? String.valueOf(to) : null);
    }

    private HistoryFeed feed() {
        return new HistoryFeed(this::page, HistoryQuery.latest(PAGE), WINDOW);
    }

    @Test
    void scrolling_through_every_commit_shows_each_once_in_order_and_holds_at_most_the_window() {
        HistoryFeed feed = feed();
        List<HistoryService.Commit> shown = new ArrayList<>();
        int maxHeld = 0;
        for (int offset = 0; ; offset += 7) {
            List<HistoryService.Commit> rows = feed.fetch(offset, 7).toList();
            shown.addAll(rows);
            maxHeld = Math.max(maxHeld, feed.commitsHeld());
            if (rows.size() < 7) {
                break;
            }
        }

        assertThat(shown).isEqualTo(history);
        assertThat(maxHeld).isLessThanOrEqualTo(WINDOW * PAGE);
        assertThat(asked).as("each page read once while scrolling forward").hasSize((COMMITS + PAGE - 1) / PAGE);
    }

    @Test
    void scrolling_back_to_a_page_that_was_let_go_reads_it_again_from_its_cursor() {
        HistoryFeed feed = feed();
        feed.fetch(990, 10).toList();
        asked.clear();

        assertThat(feed.fetch(12, 6).toList()).isEqualTo(history.subList(12, 18));
        assertThat(asked).extracting(HistoryQuery::cursor).containsExactly("10", "15");
        assertThat(feed.commitsHeld()).isLessThanOrEqualTo(WINDOW * PAGE);
    }

    @Test
    void jumping_far_ahead_walks_the_cursors_but_keeps_only_the_window() {
        HistoryFeed feed = feed();

        assertThat(feed.fetch(500, 3).toList()).isEqualTo(history.subList(500, 503));
        assertThat(feed.commitsHeld()).isLessThanOrEqualTo(WINDOW * PAGE);
        assertThat(feed.fetch(2_000, 50).toList()).isEmpty();
        assertThat(feed.fetch(1_000, 50).toList()).isEqualTo(history.subList(1_000, COMMITS));
    }
}
