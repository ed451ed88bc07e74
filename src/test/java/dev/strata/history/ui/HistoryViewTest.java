package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.changes.ui.ChangeRequestView;
import dev.strata.config.Actor;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigStore;
import dev.strata.history.HistoryService.Commit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The history page against the demo's commits. It shares its Strata with the other {@link ViewTest}
 * classes, so it reads only the demo's own applications, which they leave alone, or the newest commit
 * whoever made it; the change request it opens it closes.
 */
@ViewTest
class HistoryViewTest extends BrowserlessViewTest {

    @Autowired
    ConfigStore store;

    @Autowired
    ChangeRequestStore requests;

    private HistoryView open(Map<String, String> filters) {
        UI.getCurrent().navigate("history", QueryParameters.simple(filters));
        return (HistoryView) getCurrentView();
    }

    private static List<Commit> rows(Grid<Commit> grid) {
        return grid.getDataProvider()
                .fetch(new Query<>(0, 1000, List.of(), null, null))
                .toList();
    }

    @Test
    @WithUserDetails("bob")
    void a_bookmarked_filter_shows_the_matching_commits_newest_first() {
        HistoryView view = open(Map.of("app", "search", "key", "BOOST_RECENT"));

        assertThat(view.app.getValue()).isEqualTo("search");
        assertThat(view.key.getValue()).isEqualTo("BOOST_RECENT");
        assertThat(rows(view.grid))
                .extracting(Commit::message)
                .containsExactly("Favour new products even more\n", "Favour new products a little more\n");
        assertThat(view.value.isVisible()).isTrue();
        assertThat(rows(view.grid)).extracting(HistoryView::values).first().isEqualTo("1.5 → 2.0");
    }

    @Test
    @WithUserDetails("bob")
    void a_secret_s_timeline_says_only_that_it_was_set() {
        HistoryView view = open(Map.of("app", "payments", "env", "dev", "key", "DATABASE_PASSWORD"));

        assertThat(rows(view.grid)).isNotEmpty().extracting(HistoryView::values).containsOnly("(not set) → (secret)");
        assertThat(open(Map.of("app", "payments")).value.isVisible())
                .as("only a key's history has one value")
                .isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void the_unfiltered_history_holds_every_demo_commit() {
        HistoryView view = open(Map.of());

        // newest first: the head of main, the demo's last commit or one of a class sharing this Strata
        assertThat(rows(view.grid))
                .hasSizeGreaterThan(25)
                .first()
                .satisfies(newest -> assertThat(newest.revision()).isEqualTo(store.head()));
    }

    @Test
    @WithUserDetails("bob")
    void a_name_against_the_rules_is_flagged_next_to_its_field_and_an_unknown_one_finds_nothing() {
        HistoryView view = open(Map.of("app", "Bad/App"));

        assertThat(view.app.isInvalid()).isTrue();
        assertThat(view.app.getErrorMessage()).isNotBlank();
        assertThat(rows(view.grid)).isEmpty();

        test(view.app).setValue("no-such-app");

        assertThat(view.app.isInvalid()).isFalse();
        assertThat(rows(view.grid)).isEmpty();
    }

    @Test
    @WithUserDetails("bob")
    void an_upside_down_date_range_is_flagged() {
        HistoryView view = open(Map.of("since", "2026-02-01", "until", "2026-01-01"));

        assertThat(view.until.isInvalid()).isTrue();
        assertThat(view.until.getErrorMessage()).isEqualTo("Until is before since");
    }

    @Test
    @WithUserDetails("alice")
    void reverting_is_offered_only_where_the_person_may_change_and_otherwise_says_why() {
        HistoryView view = open(Map.of("app", "search", "env", "production"));
        Commit production = rows(view.grid).getFirst();
        Commit dev = rows(open(Map.of("app", "search", "env", "dev")).grid).getFirst();

        Button offProduction = revertButton(view.commitDetails.of(production));
        Button offDev = revertButton(view.commitDetails.of(dev));

        assertThat(offProduction.isEnabled()).isFalse();
        assertThat(offProduction.getTooltip().getText())
                .isEqualTo(
                        "Proposing changes to production needs the role editor:production or editor:production@team-discovery.");
        assertThat(offDev.isEnabled()).isTrue();
    }

    private Button revertButton(Component details) {
        return find(Button.class, details).withText("Revert this commit").single();
    }

    @Test
    @WithUserDetails("carol")
    void reverting_a_production_commit_opens_a_change_request_and_shows_it() {
        HistoryView view = open(Map.of("app", "search", "env", "production"));
        Commit latest = rows(view.grid).getFirst();

        view.commitDetails.revert(latest);

        assertThat(getCurrentView()).isInstanceOf(ChangeRequestView.class);
        ChangeRequestView review = AopTestUtils.getUltimateTargetObject(getCurrentView());
        assertThat(review.getPageTitle()).contains("Revert \"Synonyms back on after the index rebuild\"");

        // open, it would wait for the approvers of production in the classes sharing this Strata
        String path = UI.getCurrent().getInternals().getActiveViewLocation().getPath();
        requests.append(
                Long.parseLong(path.substring(path.lastIndexOf('/') + 1)),
                current -> ChangeRequestStore.Step.of(
                        ChangeRequestEvent.Type.CLOSED,
                        new Actor("carol", new Author("Carol Danvers", "carol@example.com"))));
    }
}
