package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import dev.strata.config.AppName;
import dev.strata.config.ConfigHistory;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.SettingKey;
import dev.strata.history.HistoryService.Change;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.PastSettings.PastRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;

/** Past states of an application and comparisons between two revisions or days, on the demo history. */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class TimeTravelViewTest extends BrowserlessViewTest {

    @Autowired
    ConfigHistory history;

    @Value("${strata.data-dir}")
    Path dataDir;

    /** BOOST_RECENT of search in dev: 1.5 after the older commit, 2.0 after the newer. */
    private HistoryEntry littleMore;

    private HistoryEntry evenMore;

    @BeforeEach
    void boostRecent() {
        List<HistoryEntry> entries = history.history(HistoryQuery.ofKey(
                        new AppName("search"), new EnvName("dev"), new SettingKey("BOOST_RECENT"), 10))
                .entries();
        evenMore = entries.get(0);
        littleMore = entries.get(1);
        assertThat(littleMore.message()).startsWith("Favour new products a little more");
    }

    private PastSettingsView past(String app, String when) {
        UI.getCurrent().navigate("apps/" + app + "/at/" + when);
        return (PastSettingsView) getCurrentView();
    }

    private CompareView compare(String... parameters) {
        var query = new LinkedHashMap<String, String>();
        for (int i = 0; i < parameters.length; i += 2) {
            query.put(parameters[i], parameters[i + 1]);
        }
        UI.getCurrent().navigate("history/compare", QueryParameters.simple(query));
        return (CompareView) getCurrentView();
    }

    private static <T> List<T> rows(Grid<T> grid) {
        return grid.getDataProvider()
                .fetch(new Query<>(0, 1000, List.of(), null, null))
                .toList();
    }

    private static PastRow row(PastSettingsView view, String key) {
        return rows(view.grid).stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private String pageText() {
        return getCurrentView().getElement().getTextRecursively();
    }

    @Test
    @WithUserDetails("bob")
    void a_past_commit_shows_the_values_of_then_read_only_with_a_way_back_to_now() {
        PastSettingsView view = past("search", littleMore.revision().id());

        assertThat(row(view, "BOOST_RECENT").values()).containsEntry("dev", "1.5");
        assertThat(view.banner.getElement().getTextRecursively())
                .contains(
                        "A past state, read-only",
                        littleMore.revision().abbreviated(),
                        "Favour new products a little more");
        assertThat(find(RouterLink.class, view.banner)
                        .withText("Back to now")
                        .single()
                        .getHref())
                .isEqualTo("apps/search");
        assertThat(view.grid.getEditor().getBinder()).as("nothing to edit").isNull();

        assertThat(row(past("search", evenMore.revision().id()), "BOOST_RECENT").values())
                .containsEntry("dev", "2.0");
    }

    @Test
    @WithUserDetails("bob")
    void a_day_shows_the_state_at_its_end_and_secrets_stay_masked() {
        String day = history.history(HistoryQuery.latest(1))
                .entries()
                .getFirst()
                .time()
                .toString()
                .substring(0, 10);

        PastSettingsView view = past("payments", day);

        assertThat(row(view, "DATABASE_PASSWORD").values().get("dev")).isEqualTo("••••••");
        assertThat(pageText()).doesNotContain("ENC[");
    }

    @Test
    @WithUserDetails("bob")
    void revisions_that_are_not_commits_or_do_not_exist_say_so_instead_of_an_error_page() {
        past("search", "not-a-commit");
        assertThat(find(H2.class).atIndex(1).getText()).isEqualTo("There is no such past state");
        assertThat(find(Paragraph.class).atIndex(1).getText())
                .contains("neither a commit id")
                .contains("nor a date");

        past("search", "ab".repeat(20));
        assertThat(find(Paragraph.class).atIndex(1).getText()).contains("not a commit of the main branch");

        past("search", "1999-01-01");
        assertThat(find(Paragraph.class).atIndex(1).getText()).contains("no commit before 1999-01-01");

        past("no-such-app", evenMore.revision().id());
        assertThat(find(Paragraph.class).atIndex(1).getText()).contains("did not exist");
    }

    @Test
    @WithUserDetails("bob")
    void the_seven_digits_every_page_shows_are_enough_to_compare_and_to_travel_back() {
        CompareView view = compare(
                "app",
                "search",
                "from",
                littleMore.revision().abbreviated(),
                "to",
                evenMore.revision().abbreviated().toUpperCase());

        assertThat(view.from.isInvalid()).isFalse();
        assertThat(view.to.isInvalid()).isFalse();
        assertThat(rows(view.grid))
                .contains(new Change(
                        "search",
                        "dev",
                        "BOOST_RECENT",
                        dev.strata.config.KeyChange.Kind.CHANGED,
                        "1.5",
                        "2.0",
                        false));
        assertThat(view.from.commit.getValue().revision())
                .as("shown as the commit it names")
                .isEqualTo(littleMore.revision());

        assertThat(row(past("search", evenMore.revision().abbreviated()), "BOOST_RECENT")
                        .values())
                .containsEntry("dev", "2.0");
    }

    @Test
    @WithUserDetails("bob")
    void the_ends_are_picked_from_the_applications_recent_commits_or_as_days() {
        CompareView view = compare("app", "search");
        assertThat(view.from.commit.getListDataView().getItems())
                .as("the history is read when a list opens, not to show the page")
                .isEmpty();
        view.from.commit.setOpened(true);
        List<Commit> offered = view.from.commit.getListDataView().getItems().toList();
        assertThat(offered).extracting(Commit::revision).contains(littleMore.revision(), evenMore.revision());
        Commit little = offered.stream()
                .filter(c -> c.revision().equals(littleMore.revision()))
                .findFirst()
                .orElseThrow();
        assertThat(view.from.commit.getItemLabelGenerator().apply(little))
                .isEqualTo(littleMore.revision().abbreviated() + " · Favour new products a little more");

        view.from.commit.setValue(little);

        assertThat(view.from.getValue()).isEqualTo(littleMore.revision().id());
        assertThat(view.summary.getText())
                .startsWith("From " + littleMore.revision().abbreviated());
        assertThat(rows(view.grid)).extracting(Change::key).contains("BOOST_RECENT");

        // the day before, BOOST_RECENT was not set in dev: its default applied
        LocalDate dayBefore =
                LocalDate.ofInstant(littleMore.time(), ZoneOffset.UTC).minusDays(1);
        view.from.day.setValue(dayBefore);

        assertThat(view.from.getValue()).isEqualTo(dayBefore.toString());
        assertThat(view.from.commit.getValue()).as("a day replaces the commit").isNull();
        int boost = rows(view.grid)
                .indexOf(rows(view.grid).stream()
                        .filter(c -> c.key().equals("BOOST_RECENT") && c.env().equals("dev"))
                        .findFirst()
                        .orElseThrow());
        assertThat(test(view.grid).getCellText(boost, 3)).isEqualTo("1.0 (default)");
        assertThat(test(view.grid).getCellText(boost, 4)).isEqualTo("2.0");
    }

    @Test
    @WithUserDetails("bob")
    void an_added_secret_was_not_set_before_and_is_a_secret_after() {
        CompareView view =
                compare("app", "payments", "from", littleMore.revision().id());

        List<Change> changes = rows(view.grid);
        int password = changes.indexOf(changes.stream()
                .filter(c -> c.key().equals("DATABASE_PASSWORD") && c.env().equals("dev"))
                .findFirst()
                .orElseThrow());
        assertThat(test(view.grid).getCellText(password, 2)).isEqualTo("added");
        assertThat(test(view.grid).getCellText(password, 3)).isEqualTo("(not set)");
        assertThat(test(view.grid).getCellText(password, 4)).isEqualTo("(secret)");
    }

    @Test
    @WithUserDetails("bob")
    void a_key_not_set_in_a_past_state_shows_the_default_that_applied() {
        PastSettingsView view = past("payments", littleMore.revision().id());

        List<PastRow> rows = rows(view.grid);
        int timeout = rows.indexOf(row(view, "HTTP_TIMEOUT"));
        assertThat(test(view.grid).getCellText(timeout, 2)).as("staging").isEqualTo("30s (default)");
        int password = rows.indexOf(row(view, "DATABASE_PASSWORD"));
        assertThat(test(view.grid).getCellText(password, 1)).as("no default").isEqualTo("(not set)");
    }

    @Test
    @WithUserDetails("bob")
    void the_demo_history_spreads_over_the_past_weeks_so_days_tell_states_apart() {
        List<HistoryEntry> all =
                history.history(HistoryQuery.latest(HistoryQuery.MAX_LIMIT)).entries();

        assertThat(Duration.between(all.getLast().time(), all.getFirst().time()))
                .isGreaterThan(Duration.ofDays(21));
        assertThat(all.getFirst().time())
                .as("the newest demo commit")
                .isBefore(Instant.now().minus(Duration.ofDays(1)));
        for (int i = 0; i + 1 < all.size(); i++) {
            assertThat(all.get(i).time())
                    .as("no commit is older than its parent")
                    .isAfterOrEqualTo(all.get(i + 1).time());
        }
        List<String> days = all.stream()
                .map(entry -> entry.time().toString().substring(0, 10))
                .distinct()
                .toList();
        assertThat(days).hasSizeGreaterThan(20);

        PastSettingsView twoWeeksAgo =
                past("payments", LocalDate.now(ZoneOffset.UTC).minusDays(14).toString());
        assertThat(twoWeeksAgo.banner.getElement().getTextRecursively()).contains("A past state, read-only");
    }

    @Test
    @WithUserDetails("bob")
    void comparing_two_commits_shows_the_key_diff_per_environment() {
        CompareView view = compare(
                "app",
                "search",
                "from",
                littleMore.revision().id(),
                "to",
                evenMore.revision().id());

        assertThat(view.from.getValue()).isEqualTo(littleMore.revision().id());
        assertThat(rows(view.grid))
                .contains(new Change(
                        "search",
                        "dev",
                        "BOOST_RECENT",
                        dev.strata.config.KeyChange.Kind.CHANGED,
                        "1.5",
                        "2.0",
                        false));
        assertThat(view.summary.getText())
                .startsWith("From " + littleMore.revision().abbreviated() + " ")
                .contains(" to " + evenMore.revision().abbreviated() + " ");

        CompareView backwards = compare(
                "app",
                "search",
                "from",
                evenMore.revision().id(),
                "to",
                littleMore.revision().id());
        assertThat(rows(backwards.grid))
                .contains(new Change(
                        "search",
                        "dev",
                        "BOOST_RECENT",
                        dev.strata.config.KeyChange.Kind.CHANGED,
                        "2.0",
                        "1.5",
                        false));
    }

    @Test
    @WithUserDetails("bob")
    void comparing_a_day_with_now_masks_secrets() {
        CompareView view = compare("app", "payments", "from", "2000-01-01");
        assertThat(view.from.isInvalid()).as("no commit before 2000").isTrue();

        view = compare(
                "app",
                "payments",
                "from",
                history.history(HistoryQuery.latest(HistoryQuery.MAX_LIMIT))
                        .entries()
                        .getLast()
                        .revision()
                        .id());

        assertThat(view.from.isInvalid()).isFalse();
        assertThat(rows(view.grid))
                .filteredOn(change -> change.key().equals("DATABASE_PASSWORD"))
                .isNotEmpty()
                .allSatisfy(
                        change -> assertThat(change.before() + change.after()).isEqualTo("nullnull"));
    }

    @Test
    @WithUserDetails("bob")
    void bad_input_is_flagged_next_to_its_field_and_an_unknown_application_has_no_differences() {
        CompareView view = compare("app", "search", "from", "yesterday");
        assertThat(view.from.isInvalid()).isTrue();
        assertThat(view.from.getErrorMessage()).contains("neither a commit id");

        view = compare("app", "search", "from", littleMore.revision().id(), "to", "cd".repeat(20));
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).contains("not a commit of the main branch");

        view = compare("app", "Bad/App", "from", littleMore.revision().id());
        assertThat(view.app.isInvalid()).isTrue();

        view = compare("app", "no-such-app", "from", littleMore.revision().id());
        assertThat(view.app.isInvalid() || view.from.isInvalid() || view.to.isInvalid())
                .isFalse();
        assertThat(rows(view.grid)).isEmpty();
    }

    @Test
    @WithUserDetails("bob")
    void a_commit_on_the_history_page_links_to_its_past_state_and_to_a_comparison_with_now() {
        UI.getCurrent().navigate("history", QueryParameters.simple(Map.of("app", "search", "key", "BOOST_RECENT")));
        HistoryView view = (HistoryView) getCurrentView();
        view.grid.setDetailsVisible(rows(view.grid).getFirst(), true);

        assertThat(find(RouterLink.class).all())
                .extracting(RouterLink::getHref)
                .contains(
                        "apps/search/at/" + evenMore.revision().id(),
                        "history/compare?app=search&from=" + evenMore.revision().id());
    }

    @Test
    @WithUserDetails("bob")
    void a_commit_off_main_such_as_a_proposal_is_no_past_state() {
        Path git = dataDir.resolve("config.git");
        String head = GitCli.in(git, "rev-parse", "main").strip();
        String proposal = GitCli.in(
                        git,
                        "-c",
                        "user.name=Carol",
                        "-c",
                        "user.email=carol@example.com",
                        "commit-tree",
                        head + "^{tree}",
                        "-p",
                        head,
                        "-m",
                        "Proposed, not merged")
                .strip();

        past("search", proposal);
        assertThat(find(H2.class).atIndex(1).getText()).isEqualTo("There is no such past state");
        assertThat(find(Paragraph.class).atIndex(1).getText())
                .contains("'" + proposal + "' is not a commit of the main branch");

        CompareView view = compare("app", "search", "from", proposal);
        assertThat(view.from.isInvalid()).isTrue();
        assertThat(view.from.getErrorMessage()).contains("not a commit of the main branch");
    }
}
