package dev.strata.instances.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import dev.strata.BrowserlessViewTest;
import dev.strata.DemoCopies;
import dev.strata.ViewTest;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.editing.ApplicationSummary;
import dev.strata.editing.ui.ApplicationView;
import dev.strata.editing.ui.OverviewView;
import dev.strata.instances.InstancesService.Fleet;
import dev.strata.instances.InstancesService.Instance;
import dev.strata.instances.Sightings;
import dev.strata.secrets.Secrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The application page and the overview show what runs each environment. Each test's instances run a
 * copy of the demo's payments of its own ({@link DemoCopies}), so the class shares its Strata with the
 * other {@link ViewTest} classes.
 */
@ViewTest
class InstancesPanelTest extends BrowserlessViewTest {

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Autowired
    Sightings sightings;

    /** This test's copy of payments. */
    private AppName app;

    @BeforeEach
    void copy() {
        app = new DemoCopies(store, secrets).copy("payments");
    }

    private void seen(String instance, String revision) {
        sightings.record(
                app.value(), "production", instance, "zone=eu-1", revision, "10.1.2.3", app.value() + "-production");
    }

    /** One instance on the configuration before a commit, seven on the one after. */
    private Revision sevenOfEight() {
        seen("pay-old", store.head().id());
        var logLevel = new SettingKey("LOG_LEVEL");
        String now = store.snapshot()
                .settings(app, new EnvName("production"))
                .values()
                .get(logLevel);
        var set = new TreeMap<SettingKey, String>(Map.of(logLevel, "ERROR".equals(now) ? "INFO" : "ERROR"));
        Revision head = store.commit(new ChangeSet(
                        app,
                        new EnvName("production"),
                        set,
                        new TreeSet<>(),
                        "quieter",
                        new Author("Carol Danvers", "carol@example.com"),
                        store.head()))
                .revision();
        for (int i = 1; i <= 7; i++) {
            seen("pay-" + i, head.id());
        }
        return head;
    }

    @Test
    @WithUserDetails("bob")
    void the_application_page_shows_how_many_instances_run_the_newest_revision_and_which_lag() {
        Revision before = store.head();
        Revision head = sevenOfEight();

        UI.getCurrent().navigate("apps/" + app.value());
        ApplicationView view = AopTestUtils.getUltimateTargetObject(getCurrentView());
        String text = find(InstancesPanel.class).single().getElement().getTextRecursively();

        assertThat(text).contains("production: 7 of 8 instances on " + head.abbreviated());
        assertThat(text)
                .contains("pay-old (zone=eu-1) · on " + before.abbreviated() + " · last seen just now from 10.1.2.3");
        assertThat(text).doesNotContain("pay-1").doesNotContain("dev:");
        assertThat(view.getElement().getTextRecursively()).contains("7 of 8 instances");
    }

    @Test
    @WithUserDetails("bob")
    void the_overview_counts_the_instances_on_the_newest_revision_per_environment() {
        sevenOfEight();

        // the overview is the first page, shown before the instances were seen: come back to it
        UI.getCurrent().navigate("apps/" + app.value());
        UI.getCurrent().navigate(OverviewView.class);
        @SuppressWarnings("unchecked")
        Grid<ApplicationSummary> overview =
                find(Grid.class).withClassName("overview-grid").single();
        var grid = test(overview);
        String production = null;
        for (int row = 0; row < grid.size(); row++) {
            if (grid.getRow(row).name().equals(app.value())) {
                production = grid.getCellText(row, grid.getColumnPosition("env-production"));
            }
        }
        assertThat(production).endsWith(" · 7/8 instances current");
    }

    @Test
    void an_environment_without_named_instances_shows_nothing_and_stale_ones_are_counted() {
        Revision head = new Revision("c".repeat(40));
        var stale = new Instance("pay-1", Map.of(), head.id(), true, Instant.EPOCH, "10.0.0.1", "t", true);
        var fresh = new Instance("pay-2", Map.of(), "d".repeat(40), false, Instant.EPOCH, "10.0.0.2", "t", false);

        assertThat(InstancesPanel.summary(new Fleet(head, List.of(stale, fresh), 3)))
                .isEqualTo("1 of 2 instances on ccccccc · 1 stale · 3 unnamed");
        assertThat(InstancesPanel.count(new Fleet(head, List.of(), 3))).isEmpty();
        assertThat(InstancesPanel.count(null)).isEmpty();
    }
}
