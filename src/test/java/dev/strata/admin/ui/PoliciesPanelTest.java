package dev.strata.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The soak and freeze windows of the admin page's policies tab, saved to strata.yaml. The tests share
 * one Strata, and each starts from the demo's policies: what one saved is put back when it is done.
 */
@ViewTest
class PoliciesPanelTest extends BrowserlessViewTest {

    @Autowired
    ConfigStore store;

    private Pipeline demoPolicies;

    @BeforeEach
    void rememberPolicies() {
        demoPolicies = store.snapshot().pipeline();
    }

    @AfterEach
    void restorePolicies() {
        if (!store.snapshot().pipeline().equals(demoPolicies)) {
            store.savePipeline(
                    demoPolicies, new Author("Test", "test@example.com"), "Restore the demo's policies", store.head());
        }
    }

    private PoliciesPanel.Row production() {
        UI.getCurrent().navigate("admin", QueryParameters.of("tab", "policies"));
        roundTrip();
        AdminView view = AopTestUtils.getUltimateTargetObject(getCurrentView());
        return view.policies
                .grid
                .getListDataView()
                .getItems()
                .filter(row -> row.environment.equals("production"))
                .findFirst()
                .orElseThrow();
    }

    private AdminView view() {
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    private EnvironmentPolicy savedProduction() {
        return store.snapshot().pipeline().policy(new EnvName("production")).orElseThrow();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_sets_a_soak_and_overlapping_freeze_windows_that_are_committed_to_strata_yaml() {
        var production = production();
        test(production.soak).setValue("24h");
        test(production.freeze).setValue("""
                2026-12-20T00:00:00Z 2027-01-04T00:00:00Z year-end freeze
                2026-12-31T00:00:00Z 2027-01-02T00:00:00Z new year, all hands""");

        test(view().policies.save).click();

        assertThat(savedProduction().soak()).isEqualTo(Duration.ofHours(24));
        assertThat(savedProduction().freeze())
                .containsExactly(
                        new FreezeWindow(
                                Instant.parse("2026-12-20T00:00:00Z"),
                                Instant.parse("2027-01-04T00:00:00Z"),
                                "year-end freeze"),
                        new FreezeWindow(
                                Instant.parse("2026-12-31T00:00:00Z"),
                                Instant.parse("2027-01-02T00:00:00Z"),
                                "new year, all hands"));
        assertThat(production().soak.getValue())
                .as("shown as saved after reloading")
                .isEqualTo("24h");
    }

    @Test
    @WithUserDetails("admin")
    void a_malformed_soak_or_freeze_window_is_shown_next_to_its_field_and_nothing_is_saved() {
        var production = production();
        test(production.soak).setValue("a day");
        test(view().policies.save).click();

        assertThat(production.soak.isInvalid()).isTrue();
        assertThat(production.soak.getErrorMessage()).contains("24h");

        test(production.soak).setValue("");
        test(production.freeze).setValue("2027-01-04T00:00:00Z 2026-12-20T00:00:00Z backwards");
        test(view().policies.save).click();

        assertThat(production.freeze.isInvalid()).isTrue();
        assertThat(production.freeze.getErrorMessage()).contains("Line 1", "ends after it starts");
        assertThat(savedProduction().freeze()).isEqualTo(List.of());
        assertThat(savedProduction().soak()).isEqualTo(Duration.ZERO);
    }
}
