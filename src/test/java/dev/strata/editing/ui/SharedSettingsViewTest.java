package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.changes.ui.PromoteDialog;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.editing.SettingsTable.Row;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The application page of an application that includes the demo's shared set observability, and of
 * the set itself. The tests share one Strata: each reads the set's value in dev as it finds it, and
 * sets payments' own value there as it needs it.
 */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class SharedSettingsViewTest extends BrowserlessViewTest {

    static final EnvName DEV = new EnvName("dev");
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

    @Autowired
    ConfigStore store;

    private ApplicationView open(String app) {
        UI.getCurrent().navigate("apps/" + app);
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    private int rowIndex(ApplicationView view, String key) {
        var grid = test(view.grid);
        for (int i = 0; i < grid.size(); i++) {
            if (grid.getRow(i).key().value().equals(key)) {
                return i;
            }
        }
        throw new AssertionError("no row " + key);
    }

    private String cell(ApplicationView view, String key, String column) {
        var grid = test(view.grid);
        return grid.getCellText(rowIndex(view, key), grid.getColumnPosition(column));
    }

    private Row row(ApplicationView view, String key) {
        return test(view.grid).getRow(rowIndex(view, key));
    }

    private List<String> notifications() {
        return find(Notification.class).all().stream()
                .map(n -> n.getElement().getProperty("text", ""))
                .toList();
    }

    private String ownValue(String app, String key) {
        return store.snapshot()
                .settings(new AppName(app), DEV)
                .get(new SettingKey(key))
                .orElse(null);
    }

    /** What observability gives in dev now. */
    private String inDev() {
        return ownValue("observability", ENDPOINT);
    }

    /** Gives payments a value of its own in dev, or none when {@code value} is null. */
    private void paymentsOwn(String value) {
        var set = new TreeMap<SettingKey, String>();
        var unset = new TreeSet<SettingKey>();
        if (value != null) {
            set.put(new SettingKey(ENDPOINT), value);
        } else if (ownValue("payments", ENDPOINT) != null) {
            unset.add(new SettingKey(ENDPOINT));
        } else {
            return;
        }
        store.commit(new ChangeSet(
                new AppName("payments"),
                DEV,
                set,
                unset,
                "Set up the test",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
    }

    private void save(ApplicationView view, String message) {
        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue(message);
        test(dialog.save).click();
    }

    @Test
    @WithUserDetails("bob")
    void inherited_values_show_muted_with_the_set_they_come_from() {
        var view = open("payments");

        assertThat(cell(view, ENDPOINT, "production"))
                .isEqualTo("https://otel-collector.internal:4318 (from observability)");
        assertThat(test(view.grid)
                        .getColumn("production")
                        .getPartNameGenerator()
                        .apply(row(view, ENDPOINT)))
                .contains("inherited")
                .doesNotContain("unset");
        assertThat(test(view.grid).getColumn("production").getTooltipGenerator().apply(row(view, ENDPOINT)))
                .isEqualTo("From the shared set observability");
        test(view.grid).select(rowIndex(view, ENDPOINT));
        assertThat(view.keyDetails.getElement().getTextRecursively())
                .contains("inherited from the shared set observability");
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_cannot_override_an_inherited_value() {
        var view = open("payments");

        view.edit(row(view, ENDPOINT));

        assertThat(view.editors).isEmpty();
        assertThat(view.draft.isEmpty()).isTrue();
        assertThat(find(Button.class, view.keyDetails)
                        .withText("Remove override")
                        .all())
                .isEmpty();
    }

    @Test
    @WithUserDetails("alice")
    void an_editor_overrides_an_inherited_value_in_the_applications_own_file() {
        paymentsOwn(null);
        String inherited = inDev();
        var view = open("payments");
        view.edit(row(view, ENDPOINT));
        assertThat(view.editors.get(DEV).value())
                .as("the override starts from the inherited value")
                .isEqualTo(inherited);

        view.editors.get(DEV).setValue("http://collector.payments.dev:4318");
        assertThat(cell(view, ENDPOINT, "dev"))
                .isEqualTo(inherited + " (from observability) → http://collector.payments.dev:4318");
        save(view, "Payments traces to its own collector");

        assertThat(ownValue("payments", ENDPOINT)).isEqualTo("http://collector.payments.dev:4318");
        assertThat(inDev()).as("the set is untouched").isEqualTo(inherited);
        assertThat(cell(view, ENDPOINT, "dev")).isEqualTo("http://collector.payments.dev:4318");
        assertThat(test(view.grid).getColumn("dev").getTooltipGenerator().apply(row(view, ENDPOINT)))
                .startsWith("Overrides observability's " + inherited);
        assertThat(cell(view, ENDPOINT, "staging"))
                .as("other environments still inherit")
                .endsWith("(from observability)");
    }

    @Test
    @WithUserDetails("alice")
    void removing_an_override_shows_the_inherited_value_it_falls_back_to_and_brings_it_back() {
        paymentsOwn("http://own.collector:4318");
        String inherited = inDev();
        var view = open("payments");
        test(view.grid).select(rowIndex(view, ENDPOINT));
        assertThat(view.keyDetails.getElement().getTextRecursively())
                .contains("overrides observability's " + inherited);

        var remove = find(Button.class, view.keyDetails)
                .withAttribute("aria-label", "Remove the override of " + ENDPOINT + " from dev")
                .single();
        assertThat(remove.getText()).isEqualTo("Remove override");
        test(remove).click();

        assertThat(cell(view, ENDPOINT, "dev"))
                .isEqualTo("http://own.collector:4318 → " + inherited + " (from observability)");
        save(view, "Back to the shared collector");

        assertThat(ownValue("payments", ENDPOINT)).isNull();
        assertThat(cell(view, ENDPOINT, "dev")).isEqualTo(inherited + " (from observability)");
    }

    @Test
    @WithUserDetails("carol")
    void saving_a_change_of_a_shared_set_shows_the_applications_it_reaches() {
        paymentsOwn(null);
        var view = open("observability");
        view.edit(row(view, ENDPOINT));
        view.editors.get(DEV).setValue("http://otel-a.dev.internal:4318");

        test(view.save).click();

        var dialog = find(SaveDialog.class).single();
        assertThat(dialog.reach.isVisible()).isTrue();
        assertThat(dialog.reach.getElement().getTextRecursively())
                .contains("the change reaches 2 applications", "checkout in dev", "payments in dev");
        test(dialog.message).setValue("New collector in dev");
        test(dialog.save).click();
        assertThat(notifications()).anyMatch(text -> text.startsWith("Saved 1 change to dev"));
    }

    @Test
    @WithUserDetails("carol")
    void a_set_an_application_overrides_does_not_reach_it() {
        paymentsOwn("http://own.collector:4318");
        var view = open("observability");
        view.edit(row(view, ENDPOINT));
        view.editors.get(DEV).setValue("http://otel-b.dev.internal:4318");

        test(view.save).click();

        assertThat(find(SaveDialog.class).single().reach.getElement().getTextRecursively())
                .contains("reaches 1 application:", "checkout in dev")
                .doesNotContain("payments");
    }

    @Test
    @WithUserDetails("alice")
    void saving_an_application_that_is_no_shared_set_shows_no_reach() {
        var view = open("payments");
        view.edit(row(view, "LOG_LEVEL"));
        view.editors.get(DEV).setValue("WARN");

        test(view.save).click();

        assertThat(find(SaveDialog.class).single().reach.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void the_overview_lists_shared_sets_apart_with_the_applications_that_use_them() {
        UI.getCurrent().navigate("");
        OverviewView overview = AopTestUtils.getUltimateTargetObject(getCurrentView());

        assertThat(test(overview.grid).size()).isPositive();
        for (int i = 0; i < test(overview.grid).size(); i++) {
            assertThat(test(overview.grid).getRow(i).name()).isNotEqualTo("observability");
        }
        var sets = test(overview.sharedSets.grid);
        assertThat(sets.size()).isEqualTo(1);
        assertThat(sets.getRow(0).name()).isEqualTo("observability");
        assertThat(SharedSetsSection.usedByText(sets.getRow(0))).isEqualTo("used by 2 applications");
        assertThat(overview.sharedSets
                        .grid
                        .getColumnByKey("used-by")
                        .getTooltipGenerator()
                        .apply(sets.getRow(0)))
                .isEqualTo("checkout, payments");
    }

    private SchemaDialog schemaDialog(String app) {
        test(open(app).editSchema).click();
        return find(SchemaDialog.class).single();
    }

    private List<AppName> includes(String app) {
        return store.snapshot()
                .application(new AppName(app))
                .orElseThrow()
                .schema()
                .includes();
    }

    @Test
    @WithUserDetails("erin")
    void an_owners_editor_sees_what_the_application_includes_but_only_an_admin_makes_a_shared_set() {
        var dialog = schemaDialog("payments");

        assertThat(dialog.includes.getValue()).containsExactly("observability");
        assertThat(dialog.includes.getListDataView().getItems())
                .contains("observability")
                .doesNotContain("payments");
        assertThat(dialog.shared.getValue()).isFalse();
        assertThat(dialog.shared.isEnabled()).isFalse();
    }

    @Test
    @WithUserDetails("admin")
    void unsharing_a_set_others_include_is_refused_next_to_the_field() {
        var dialog = schemaDialog("observability");
        assertThat(dialog.shared.getValue()).isTrue();
        assertThat(dialog.shared.isEnabled()).isTrue();

        test(dialog.shared).click();
        test(dialog.save).click();

        assertThat(dialog.shared.isInvalid()).isTrue();
        assertThat(dialog.shared.getErrorMessage()).contains("checkout", "payments");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(store.snapshot()
                        .application(new AppName("observability"))
                        .orElseThrow()
                        .schema()
                        .shared())
                .isTrue();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_takes_an_application_out_of_a_set_and_back_in_from_the_schema_dialog() {
        var dialog = schemaDialog("checkout");
        dialog.includes.clear();
        test(dialog.save).click();

        assertThat(includes("checkout")).isEmpty();
        var view = AopTestUtils.<ApplicationView>getUltimateTargetObject(getCurrentView());
        assertThat(IntStream.range(0, test(view.grid).size())
                        .mapToObj(i -> test(view.grid).getRow(i).key().value()))
                .doesNotContain(ENDPOINT);

        dialog = schemaDialog("checkout");
        dialog.includes.setValue(Set.of("observability"));
        test(dialog.save).click();

        assertThat(includes("checkout")).containsExactly(new AppName("observability"));
        assertThat(cell(open("checkout"), ENDPOINT, "production")).endsWith("(from observability)");
    }

    @Test
    @WithUserDetails("carol")
    void a_change_request_of_a_shared_set_lists_the_applications_it_reaches() {
        var view = open("observability");
        view.edit(row(view, ENDPOINT));
        view.editors.get(new EnvName("staging")).setValue("http://otel-c.staging.internal:4318");
        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        assertThat(dialog.reach.getElement().getTextRecursively())
                .contains("checkout in staging", "payments in staging");

        test(dialog.message).setValue("New collector in staging");
        test(dialog.save).click();

        assertThat(getCurrentView().getElement().getTextRecursively())
                .contains("A shared set: this change reaches 2 applications in staging: checkout, payments.");
    }

    @Test
    @WithUserDetails("carol")
    void promoting_a_shared_set_says_which_applications_it_reaches() {
        var view = open("observability");

        test(find(Button.class, view.promotions)
                        .withText("Promote dev → staging")
                        .single())
                .click();

        var dialog = find(PromoteDialog.class).single();
        assertThat(dialog.getElement().getTextRecursively())
                .contains("A shared set: this promotion reaches 2 applications in staging: checkout, payments.");
    }

    @Test
    @WithUserDetails("alice")
    void promoting_an_application_names_no_reach() {
        var view = open("payments");

        test(find(Button.class, view.promotions)
                        .withText("Promote dev → staging")
                        .single())
                .click();

        assertThat(find(PromoteDialog.class).single().getElement().getTextRecursively())
                .doesNotContain("A shared set");
    }

    @Test
    @WithUserDetails("erin")
    void a_non_admin_who_forces_the_shared_box_is_refused_by_the_server() {
        var dialog = schemaDialog("payments");

        // the box is disabled in the browser; a forged request sets it all the same
        dialog.shared.setValue(true);
        test(dialog.save).click();

        assertThat(notifications()).anyMatch(text -> text.startsWith("Not saved: Only admins"));
        assertThat(store.snapshot()
                        .application(new AppName("payments"))
                        .orElseThrow()
                        .schema()
                        .shared())
                .isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void only_differences_counts_an_inherited_value_that_differs_from_the_environment_before() {
        var view = open("payments");

        test(view.onlyDifferences).click();

        assertThat(IntStream.range(0, test(view.grid).size())
                        .mapToObj(i -> test(view.grid).getRow(i).key().value()))
                .as("1.0 inherited in dev, the 0.1 default in staging")
                .contains("OTEL_TRACES_SAMPLER_ARG");
    }
}
