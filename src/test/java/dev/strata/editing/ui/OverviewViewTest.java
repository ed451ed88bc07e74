package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.KeyType;
import dev.strata.config.SettingKey;
import dev.strata.editing.ApplicationListing;
import dev.strata.editing.ApplicationSummary;
import dev.strata.editing.ApplicationsService;
import dev.strata.security.ui.LoginView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class OverviewViewTest extends BrowserlessViewTest {

    @Autowired
    ConfigStore store;

    @Autowired
    ApplicationsService applications;

    private OverviewView open() {
        UI.getCurrent().navigate(OverviewView.class);
        // Method security (@PermitAll) proxies the view; its fields live on the target
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    @Test
    @WithAnonymousUser
    void anonymous_people_are_sent_to_sign_in() {
        UI.getCurrent().navigate(OverviewView.class);

        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    @Test
    @WithUserDetails("erin")
    void someone_in_a_team_sees_their_teams_applications_first_and_may_see_all() {
        var view = open();

        assertThat(view.myTeams.isVisible()).isTrue();
        assertThat(view.myTeams.getValue())
                .as("the default for people in a team")
                .isTrue();
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getRow(0).name()).isEqualTo("payments");

        test(view.myTeams).click();

        assertThat(test(view.grid).size()).isEqualTo(3);
    }

    @Test
    @WithUserDetails("bob")
    void someone_in_no_team_sees_every_application_without_a_team_filter() {
        var view = open();

        assertThat(view.myTeams.isVisible()).isFalse();
        assertThat(test(view.grid).size()).isEqualTo(3);
    }

    @Test
    @WithUserDetails("bob")
    void every_application_is_listed_with_its_state_per_environment_of_the_pipeline() {
        var view = open();
        var grid = test(view.grid);

        assertThat(view.getElement().getTextRecursively()).contains("dev→staging→production");
        int payments = 0;
        while (!grid.getRow(payments).name().equals("payments")) {
            payments++;
        }
        assertThat(grid.getCellText(payments, grid.getColumnPosition("description")))
                .isEqualTo("Payment service");
        assertThat(grid.getCellText(payments, grid.getColumnPosition("owners"))).isEqualTo("team-payments");
        assertThat(grid.getCellText(payments, grid.getColumnPosition("env-dev")))
                .isEqualTo("6 keys");
        assertThat(grid.getCellText(payments, grid.getColumnPosition("env-production")))
                .isEqualTo("4 keys · 3 differ");
        assertThat(grid.getCellText(payments, grid.getColumnPosition("last-change")))
                .as("the demo's last payments commit, a few days ago")
                .isEqualTo("Carol Danvers · 3 days ago");
        assertThat(grid.getLitRendererPropertyValue(payments, "name", "href", String.class))
                .isEqualTo("apps/payments");
        assertThat(grid.getLitRendererPropertyValue(payments, "name", "name", String.class))
                .isEqualTo("payments");
        assertThat(view.newApplication.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void open_change_requests_are_counted_per_application_and_link_to_their_list() {
        var grid = test(open().grid);
        for (int row = 0; row < grid.size(); row++) {
            int open = grid.getLitRendererPropertyValue(row, "reviews", "open", Integer.class);
            if (grid.getRow(row).name().equals("checkout")) {
                assertThat(open).as("the demo's review").isEqualTo(1);
                assertThat(grid.getLitRendererPropertyValue(row, "reviews", "reviews", String.class))
                        .isEqualTo("change-requests?app=checkout");
            } else {
                assertThat(open).as("shown as 'none open'").isZero();
            }
        }
    }

    @Test
    @WithUserDetails("bob")
    void the_filter_matches_names_and_owners() {
        var view = open();

        test(view.filter).setValue("discovery");

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getRow(0).name()).isEqualTo("search");
        test(view.filter).setValue("pay");
        assertThat(test(view.grid).getRow(0).name()).isEqualTo("payments");
    }

    @Test
    @WithUserDetails("bob")
    void the_grid_fetches_its_rows_and_their_count_from_the_server_which_filters_them() {
        var view = open();

        assertThat(view.grid.getDataProvider().isInMemory())
                .as("rows are fetched a page at a time, not all built up front")
                .isFalse();
        test(view.filter).setValue("  TEAM-PAY ");
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getRow(0).name()).isEqualTo("payments");
        test(view.filter).setValue("observability");
        assertThat(test(view.grid).size())
                .as("a shared set is listed apart, never as a row")
                .isZero();
    }

    @Test
    @WithUserDetails("bob")
    void the_server_pages_the_filtered_applications_in_name_order() {
        var listing = applications.listing();
        var twoTeams = new ApplicationListing.Filter("", Set.of("team-payments", "team-checkout"));

        assertThat(listing.count(twoTeams)).isEqualTo(2);
        assertThat(listing.fetch(twoTeams, 0, 50))
                .extracting(ApplicationSummary::name)
                .containsExactly("checkout", "payments");
        assertThat(listing.fetch(twoTeams, 1, 1))
                .extracting(ApplicationSummary::name)
                .containsExactly("payments");
        assertThat(listing.fetch(twoTeams, 2, 50)).isEmpty();
        assertThat(listing.fetch(new ApplicationListing.Filter(null, Set.of()), 0, 50))
                .extracting(ApplicationSummary::name)
                .contains("checkout", "payments", "search")
                .doesNotContain("observability");
    }

    @Test
    @WithUserDetails("bob")
    void hostile_filters_match_nothing_and_break_nothing() {
        var view = open();

        for (String hostile : List.of("x".repeat(100_000), ".*", "%", "../payments", "<script>", "\u0000")) {
            test(view.filter).setValue(hostile);
            assertThat(test(view.grid).size())
                    .as(hostile.substring(0, Math.min(20, hostile.length())))
                    .isZero();
        }
        test(view.filter).clear();
        assertThat(test(view.grid).size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    @WithUserDetails("bob")
    void the_summaries_are_made_once_per_revision_and_a_commit_shows_at_the_next_visit() {
        assertThat(applications.listing()).isSameAs(applications.listing());
        var view = open();
        var grid = test(view.grid);
        int search = 0;
        while (!grid.getRow(search).name().equals("search")) {
            search++;
        }
        String before = grid.getCellText(search, grid.getColumnPosition("env-dev"));

        store.commit(new ChangeSet(
                new AppName("search"),
                new EnvName("dev"),
                new TreeMap<>(Map.of(new SettingKey("OVERVIEW_PROBE"), "1")),
                new TreeSet<>(),
                "A key more",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        UI.getCurrent().navigate(SearchView.class);
        var again = test(open().grid);
        assertThat(again.getCellText(search, again.getColumnPosition("env-dev")))
                .isNotEqualTo(before)
                .startsWith(Integer.parseInt(before.split(" ")[0]) + 1 + " keys");
    }

    @Test
    @WithUserDetails("bob")
    void a_save_shows_as_the_applications_last_change_to_whoever_opens_the_overview_right_after_it() {
        var grid = test(open().grid);
        int search = 0;
        while (!grid.getRow(search).name().equals("search")) {
            search++;
        }

        store.commit(new ChangeSet(
                new AppName("search"),
                new EnvName("staging"),
                new TreeMap<>(Map.of(new SettingKey("LAST_CHANGE_PROBE"), "1")),
                new TreeSet<>(),
                "Probe the last change",
                new Author("Dana Scully", "dana@example.com"),
                store.head()));

        UI.getCurrent().navigate(SearchView.class);
        var again = test(open().grid);
        assertThat(again.getCellText(search, again.getColumnPosition("last-change")))
                .isEqualTo("Dana Scully · just now");
        assertThat(again.getRow(search).lastChange().subject()).isEqualTo("Probe the last change");
    }

    @Test
    void a_file_that_cannot_be_read_is_counted_as_a_problem_of_its_environment_only() {
        var summary = new ApplicationSummary.EnvironmentSummary("dev", 0, 0, 0, "line 3: not YAML");

        assertThat(OverviewView.summaryText(summary)).isEqualTo("cannot be read");
        assertThat(OverviewView.summaryText(new ApplicationSummary.EnvironmentSummary("dev", 1, 2, 1, null)))
                .isEqualTo("1 key · 2 differ · 1 problem");
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_creates_an_application_with_its_schema_and_lands_on_its_page() {
        var view = open();
        test(view.newApplication).click();
        var dialog = find(NewApplicationDialog.class).single();
        test(dialog.name).setValue("Billing Service");
        var key = dialog.addKey();
        test(key.key).setValue("RETRY_LIMIT");
        key.type.setValue(KeyType.INT);
        test(key.defaultValue).setValue("many");

        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage())
                .startsWith("application name 'Billing Service' must start with a lower-case letter");
        assertThat(key.defaultValue.isInvalid()).isTrue();
        assertThat(key.defaultValue.getErrorMessage()).isEqualTo("default expected a whole number (int), got 'many'");
        assertThat(store.snapshot().application(new AppName("billing")).isPresent())
                .isFalse();

        test(dialog.name).setValue("billing");
        test(dialog.description).setValue("Invoices");
        test(dialog.owners).setValue("team-billing, carol");
        test(key.defaultValue).setValue("3");
        test(dialog.create).click();

        var schema = store.snapshot()
                .application(new AppName("billing"))
                .orElseThrow()
                .schema();
        assertThat(schema.owners()).containsExactly("team-billing", "carol");
        assertThat(schema.spec(new SettingKey("RETRY_LIMIT")).defaultValue()).isEqualTo("3");
        assertThat(getCurrentView()).isInstanceOf(ApplicationView.class);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath())
                .isEqualTo("apps/billing");
    }

    @Test
    @WithUserDetails("admin")
    void an_existing_name_is_refused_next_to_the_name_field() {
        var view = open();
        test(view.newApplication).click();
        var dialog = find(NewApplicationDialog.class).single();
        test(dialog.name).setValue("payments");

        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).contains("payments");
    }
}
