package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
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
import dev.strata.secrets.Secrets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Time travel and compare of payments, which takes the OTLP endpoint from the shared set observability.
 * Each test moves the collector in a copy of the set, taken in by a copy of payments ({@link DemoCopies}),
 * so it shares the {@link ViewTest} Strata: the demo's set and applications stay as the other classes
 * read them.
 */
@ViewTest
class SharedSourcesViewTest extends BrowserlessViewTest {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    /** The copies of observability and of payments, which takes in that copy. */
    private AppName observability;

    private AppName payments;

    /** The head before the collector in dev moved, and the value it had then. */
    private Revision before;

    private String was;

    @BeforeEach
    void moveTheCollector() {
        var copies = new DemoCopies(store, secrets);
        observability = copies.copy("observability");
        payments = copies.copyTakingIn("payments", "observability", observability);
        before = store.head();
        was = store.snapshot()
                .settings(observability, new EnvName("dev"))
                .get(new SettingKey(ENDPOINT))
                .orElseThrow();
        store.commit(new ChangeSet(
                observability,
                new EnvName("dev"),
                new TreeMap<>(Map.of(new SettingKey(ENDPOINT), "http://otel-" + System.nanoTime() + ".dev:4318")),
                new TreeSet<>(),
                "Moved the collector",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
    }

    private String cell(PastSettingsView view, String key, String env) {
        var grid = test(view.grid);
        for (int i = 0; i < grid.size(); i++) {
            if (grid.getRow(i).key().equals(key)) {
                return grid.getCellText(i, grid.getColumnPosition(env));
            }
        }
        throw new AssertionError("no row " + key);
    }

    @Test
    @WithUserDetails("bob")
    void time_travel_shows_an_inherited_value_as_it_was_with_the_set_it_came_from() {
        UI.getCurrent().navigate("apps/" + payments.value() + "/at/" + before.id());
        var view = (PastSettingsView) getCurrentView();

        assertThat(cell(view, ENDPOINT, "dev")).isEqualTo(was + " (from " + observability.value() + ")");
        assertThat(cell(view, "LOG_LEVEL", "dev"))
                .as("a value of payments' own names no set")
                .isEqualTo("DEBUG");
    }

    @Test
    @WithUserDetails("bob")
    void compare_names_the_set_an_inherited_change_comes_from() {
        UI.getCurrent()
                .navigate(
                        "history/compare",
                        QueryParameters.simple(Map.of("app", payments.value(), "from", before.id())));
        var view = (CompareView) getCurrentView();
        var grid = test(view.grid);

        assertThat(grid.size()).isEqualTo(1);
        assertThat(grid.getRow(0).key()).isEqualTo(ENDPOINT);
        assertThat(grid.getCellText(0, grid.getColumnPosition("source"))).isEqualTo("from " + observability.value());
    }
}
