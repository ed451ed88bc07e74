package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.internal.JacksonUtils;
import com.vaadin.flow.internal.nodefeature.ElementListenerMap;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.DemoCopies;
import dev.strata.ViewTest;
import dev.strata.changes.ChangeRequestService.PromotionPreview;
import dev.strata.changes.ui.ChangeRequestView;
import dev.strata.changes.ui.PromoteDialog;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.editing.SettingsTable.Row;
import dev.strata.history.ui.HistoryView;
import dev.strata.secrets.Secrets;
import dev.strata.security.ui.LoginView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

@ViewTest
class ApplicationViewTest extends BrowserlessViewTest {

    static final EnvName DEV = new EnvName("dev");

    @Autowired
    ConfigHistory history;

    @Autowired
    ConfigStore store;

    @Autowired
    ChangeRequestStore requests;

    @Autowired
    Secrets secrets;

    /** The copies of the demo's applications this test made, by the demo's names. */
    private final Map<String, String> copies = new HashMap<>();

    /**
     * This test's copy of the demo's {@code app} ({@link DemoCopies}), made the first time the test asks
     * for it: what it saves leaves the demo's applications to the classes sharing this Strata.
     */
    private String copy(String app) {
        return copies.computeIfAbsent(
                app, demo -> new DemoCopies(store, secrets).copy(demo).value());
    }

    private ApplicationView open(String app) {
        return open(app, QueryParameters.empty());
    }

    private ApplicationView open(String app, QueryParameters query) {
        UI.getCurrent().navigate("apps/" + app, query);
        // Method security (@PermitAll) proxies the view; its fields live on the target
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

    /** A commit by someone else, straight into the store, as another browser tab or the API would make it. */
    private void commitByCarol(String app, String key, String value) {
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey(key), value));
        store.commit(new ChangeSet(
                new AppName(app),
                DEV,
                set,
                new TreeSet<>(),
                "Carol's change",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
    }

    @Test
    @WithAnonymousUser
    void anonymous_people_are_sent_to_sign_in() {
        UI.getCurrent().navigate("apps/payments");

        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_sees_every_environment_side_by_side_but_cannot_edit_any() {
        var view = open(copy("payments"));

        assertThat(view.grid.getColumns())
                .extracting(c -> c.getKey())
                .containsExactly("key", "type", "dev", "staging", "production");
        assertThat(cell(view, "LOG_LEVEL", "dev")).isEqualTo("DEBUG");
        assertThat(cell(view, "LOG_LEVEL", "staging")).isEqualTo("INFO");
        assertThat(cell(view, "LOG_LEVEL", "production")).isEqualTo("WARN");
        assertThat(cell(view, "FEATURE_NEW_CHECKOUT", "production")).isEqualTo("false (default)");
        assertThat(cell(view, "DATABASE_PASSWORD", "dev"))
                .as("a sealed secret, masked")
                .isEqualTo("••••••");
        assertThat(cell(view, "DATABASE_PASSWORD", "staging")).isEqualTo("(not set)");
        assertThat(SettingsGrid.typeText(row(view, "DATABASE_PASSWORD")))
                .isEqualTo("string · secret · per environment");
        assertThat(SettingsGrid.typeText(row(view, "DATABASE_URL"))).isEqualTo("url · required · per environment");
        assertThat(test(view.grid).getColumn("staging").getPartNameGenerator().apply(row(view, "LOG_LEVEL")))
                .contains("differs");
        assertThat(view.notices.getElement().getTextRecursively())
                .contains(
                        "You may read dev but not change it: that needs the role editor:dev or editor:dev@team-payments.");
        assertThat(view.addKey.isVisible()).isFalse();

        view.edit(row(view, "LOG_LEVEL"));

        assertThat(view.editors).isEmpty();
        assertThat(notifications()).anyMatch(text -> text.contains("editor:dev"));
    }

    @Test
    @WithUserDetails("erin")
    void a_team_editor_edits_the_teams_application_and_reads_why_not_a_foreign_one() {
        var payments = open(copy("payments"));

        assertThat(payments.notices.getElement().getTextRecursively())
                .contains(
                        "Owned by team-payments: changing it needs editor:<env> or editor:<env>@team-payments, approving its"
                                + " change requests approver:<env> or approver:<env>@team-payments.",
                        "You approve its change requests into dev, staging, production.");
        assertThat(payments.addKey.isVisible()).isTrue();
        assertThat(payments.editSchema.isVisible())
                .as("an owning team's editor")
                .isTrue();

        var checkout = open(copy("checkout"));

        assertThat(checkout.notices.getElement().getTextRecursively())
                .contains(
                        "You may read dev but not change it: that needs the role editor:dev or editor:dev@team-checkout.",
                        "You approve none of its change requests.");
        assertThat(checkout.addKey.isVisible()).isFalse();
        assertThat(checkout.editSchema.isVisible()).isFalse();
        assertThat(checkout.promotions.getChildren())
                .as("no promotion is offered")
                .isEmpty();
    }

    @Test
    @WithUserDetails("erin")
    void an_application_without_owners_says_that_team_roles_do_not_reach_it() {
        var view = openOwnApplication("unowned");

        assertThat(view.notices.getElement().getTextRecursively())
                .contains(
                        "It has no owners, so roles limited to a team do not reach it: changing it needs editor:<env>,"
                                + " approving its change requests approver:<env>.");
        assertThat(view.addKey.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void an_editor_of_dev_edits_dev_and_proposes_changes_to_protected_staging_while_production_stays_read_only() {
        var view = open(copy("payments"));

        assertThat(view.notices.getElement().getTextRecursively())
                .contains(
                        "staging is protected: your changes there become a change request",
                        "You may read production but not change it: that needs the role editor:production or editor:production@team-payments.");
        view.edit(row(view, "LOG_LEVEL"));

        assertThat(view.editors).containsOnlyKeys(DEV, new EnvName("staging"));
        view.editors.get(DEV).setValue("WARN");

        assertThat(view.draft.size()).isEqualTo(1);
        assertThat(view.draftCount.getText()).isEqualTo("1 unsaved change");
        assertThat(cell(view, "LOG_LEVEL", "dev")).isEqualTo("DEBUG → WARN");
        assertThat(view.pendingList.getElement().getTextRecursively()).contains("LOG_LEVEL: DEBUG → WARN");
    }

    @Test
    @WithUserDetails("alice")
    void saving_makes_one_commit_with_the_message_and_shows_the_new_value() {
        var view = open(copy("search"));
        test(view.grid).select(rowIndex(view, "RESULTS_PER_PAGE"));
        view.edit(row(view, "SYNONYMS_ENABLED"));
        view.editors.get(DEV).setValue("false");
        view.edit(row(view, "RESULTS_PER_PAGE"));
        view.editors.get(DEV).setValue("40");

        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue("Smaller pages, no synonyms for the load test");
        test(dialog.save).click();

        assertThat(cell(view, "RESULTS_PER_PAGE", "dev")).isEqualTo("40");
        assertThat(cell(view, "SYNONYMS_ENABLED", "dev")).isEqualTo("false");
        assertThat(view.draft.isEmpty()).isTrue();
        assertThat(view.keyDetails.getElement().getTextRecursively())
                .contains("dev40")
                .doesNotContain("→");
        assertThat(notifications()).anyMatch(text -> text.startsWith("Saved 2 changes to dev as "));
        assertThat(store.snapshot().settings(new AppName(copy("search")), DEV).get(new SettingKey("RESULTS_PER_PAGE")))
                .contains("40");
    }

    @Test
    @WithUserDetails("bob")
    void each_value_says_who_last_changed_it_and_opens_its_timeline_in_that_environment() {
        var view = open(copy("payments"));
        HistoryEntry last = history.history(
                        HistoryQuery.ofKey(new AppName(copy("payments")), DEV, new SettingKey("LOG_LEVEL"), 1))
                .entries()
                .getFirst();

        test(view.grid).select(rowIndex(view, "LOG_LEVEL"));

        assertThat(find(Div.class, view.keyDetails).withClassName("env-blame").all())
                .extracting(Div::getText)
                .as("dev, staging and production all have a value")
                .hasSize(3)
                .first()
                .isEqualTo("last changed by " + last.author().name() + " on "
                        + last.time().toString().substring(0, 10));
        find(Button.class, view.keyDetails)
                .withAttribute("aria-label", "Timeline of LOG_LEVEL in dev")
                .single()
                .click();

        assertThat(getCurrentView()).isInstanceOf(HistoryView.class);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters())
                .isEqualTo("history?app=" + copy("payments") + "&env=dev&key=LOG_LEVEL");
        Grid<?> commits = find(Grid.class).atIndex(1);
        assertThat(commits.getDataProvider()
                        .fetch(new Query<>(0, 1, List.of(), null, null))
                        .findFirst()
                        .orElseThrow())
                .extracting("revision")
                .isEqualTo(last.revision());
    }

    @Test
    @WithUserDetails("bob")
    void a_secret_says_who_last_changed_it_but_never_its_value() {
        var view = open(copy("payments"));

        test(view.grid).select(rowIndex(view, "DATABASE_PASSWORD"));

        Div blame = find(Div.class, view.keyDetails).withClassName("env-blame").atIndex(1);
        assertThat(blame.getText()).startsWith("last changed by ");
        assertThat(blame.getTitle().orElseThrow() + blame.getText())
                .doesNotContain("ENC[")
                .doesNotContain("s3cret");
    }

    @Test
    @WithUserDetails("alice")
    void a_value_that_fails_its_type_is_flagged_next_to_the_field_and_blocks_the_save() {
        var view = open(copy("payments"));
        view.edit(row(view, "HTTP_TIMEOUT"));

        view.editors.get(DEV).setValue("soon");

        var field = (TextField) view.editors.get(DEV).component();
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage())
                .isEqualTo("expected a duration such as 30s, 500ms, 5m, 1h or PT30S, got 'soon'");
        assertThat(view.problemLines.get(DEV).isVisible())
                .as("in the side panel too, without hovering")
                .isTrue();
        assertThat(view.problemLines.get(DEV).getText()).isEqualTo(field.getErrorMessage());
        view.grid.getEditor().closeEditor();
        assertThat(view.problemLines.get(DEV).getText())
                .as("still shown once the editor is closed")
                .isEqualTo("expected a duration such as 30s, 500ms, 5m, 1h or PT30S, got 'soon'");
        test(view.save).click();
        assertThat(find(SaveDialog.class).all()).isEmpty();
        assertThat(notifications()).anyMatch(text -> text.startsWith("Fix these before saving: HTTP_TIMEOUT"));
    }

    /** An application of its own, so that what a test saves leaves the demo applications to the other tests. */
    private ApplicationView openOwnApplication(String name) {
        var timeout = new KeySpec(KeyType.DURATION, "30s", false, false, false, "Timeout", List.of());
        String app = new DemoCopies(store, secrets)
                .create(name, new Schema("", List.of(), new TreeMap<>(Map.of(new SettingKey("TIMEOUT"), timeout))))
                .value();
        store.commit(new ChangeSet(
                new AppName(app),
                DEV,
                new TreeMap<>(Map.of(new SettingKey("TIMEOUT"), "10s")),
                new TreeSet<>(),
                "Timeout in dev",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        return open(app);
    }

    @Test
    @WithUserDetails("alice")
    void once_the_problems_are_fixed_and_saved_the_persons_filter_is_back_and_the_call_to_fix_them_gone() {
        var view = openOwnApplication("filtered");
        view.addKey(DEV, new SettingKey("RETRIES"), "3");
        view.edit(row(view, "TIMEOUT"));
        view.editors.get(DEV).setValue("soon");
        test(view.save).click();
        assertThat(view.onlyProblems.getValue())
                .as("the refused save singles out the problems")
                .isTrue();
        assertThat(rowKeys(view)).containsExactly("TIMEOUT");
        assertThat(openNotifications()).anyMatch(text -> text.startsWith("Fix these before saving"));

        view.edit(row(view, "TIMEOUT"));
        view.editors.get(DEV).setValue("20s");
        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue("Faster timeout");
        test(dialog.save).click();

        assertThat(view.onlyProblems.getValue()).isFalse();
        assertThat(rowKeys(view)).containsExactlyInAnyOrder("TIMEOUT", "RETRIES");
        assertThat(openNotifications())
                .noneMatch(text -> text.startsWith("Fix these before saving"))
                .anyMatch(text -> text.startsWith("Saved 2 changes to dev"));
    }

    @Test
    @WithUserDetails("alice")
    void problems_the_person_chose_to_see_stay_chosen_after_saving() {
        var view = openOwnApplication("chosen");
        test(view.onlyProblems).click();
        view.addKey(DEV, new SettingKey("RETRIES"), "3");
        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue("Retries");
        test(dialog.save).click();

        assertThat(view.onlyProblems.getValue()).isTrue();
    }

    private List<String> openNotifications() {
        return find(Notification.class).all().stream()
                .filter(Notification::isOpened)
                .map(n -> n.getElement().getProperty("text", ""))
                .toList();
    }

    @Test
    @WithUserDetails("alice")
    void a_letter_typed_into_an_int_field_is_refused_with_the_reason() {
        var view = open(copy("search"));
        view.edit(row(view, "RESULTS_PER_PAGE"));
        CellEditor editor = view.editors.get(DEV);
        var field = (IntegerField) editor.component();

        typeRefusedKey(editor, "x");

        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).isEqualTo("'x' cannot be part of a whole number such as 42.");
        assertThat(view.problemLines.get(DEV).getText())
                .as("nothing changed, so nothing to flag in the draft")
                .isNullOrEmpty();

        editor.setValue("40");

        assertThat(field.isInvalid())
                .as("a digit is accepted and the message goes")
                .isFalse();
    }

    /** What the browser reports when a key the field refuses is pressed in it. */
    private static void typeRefusedKey(CellEditor editor, String key) {
        var element = editor.component().getElement();
        var data = JacksonUtils.createObjectNode();
        data.put("event.key", key);
        data.put(editor.refusedKeys.getFilter(), true);
        element.getNode().getFeature(ElementListenerMap.class).fireEvent(new DomEvent(element, "keydown", data));
    }

    @Test
    @WithUserDetails("alice")
    void a_value_over_64_KiB_is_refused_where_it_is_typed_and_never_reaches_the_draft() {
        String huge = "a".repeat(64 * 1024 + 1);
        var view = open(copy("search"));
        view.edit(row(view, "INDEX_URL"));
        view.editors.get(DEV).setValue("http://search.dev.internal:9201");

        view.editors.get(DEV).setValue(huge);

        var field = (TextField) view.editors.get(DEV).component();
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage())
                .isEqualTo("value is 65537 bytes of UTF-8; at most 65536 (64 KiB) are allowed;"
                        + " it is not taken into the draft");
        assertThat(view.draft.toSet())
                .as("the value typed before is kept, the refused one is not")
                .containsExactly(Map.entry(new SettingKey("INDEX_URL"), "http://search.dev.internal:9201"));

        test(view.addKey).click();
        var add = find(AddKeyDialog.class).single();
        add.key.setValue("CACHE_SIZE");
        test(add.value).setValue(huge);
        test(add.add).click();
        assertThat(add.value.isInvalid()).isTrue();
        assertThat(add.value.getErrorMessage()).startsWith("value is 65537 bytes of UTF-8; at most 65536 (64 KiB)");
        assertThat(view.draft.toSet()).doesNotContainKey(new SettingKey("CACHE_SIZE"));
        add.close();

        test(view.discard).click();
        test(view.importSettings).click();
        var importing = find(ImportDialog.class).single();
        test(importing.text).setValue("RESULTS_PER_PAGE=25\nCACHE_SIZE=" + huge);
        test(importing.preview).click();
        assertThat(importing.result.getElement().getTextRecursively())
                .contains(
                        "line 2, column 1: CACHE_SIZE: value is 65537 bytes of UTF-8; at most 65536 (64 KiB) are allowed");
        assertThat(importing.commit.isEnabled()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void others_changes_to_other_keys_are_kept_and_the_person_is_told() {
        var view = open(copy("checkout"));
        view.edit(row(view, "MAX_ITEMS"));
        view.editors.get(DEV).setValue("150");
        commitByCarol(copy("checkout"), "CART_TTL", "45m");

        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue("150 items");
        test(dialog.save).click();

        assertThat(notifications()).anyMatch(text -> text.contains("Meanwhile someone else changed CART_TTL in dev"));
        assertThat(cell(view, "CART_TTL", "dev")).isEqualTo("45m");
        assertThat(cell(view, "MAX_ITEMS", "dev")).isEqualTo("150");
    }

    @Test
    @WithUserDetails("alice")
    void a_conflict_shows_base_theirs_and_yours_and_the_person_chooses_per_key() {
        var view = open(copy("checkout"));
        view.edit(row(view, "CART_TTL"));
        view.editors.get(DEV).setValue("1h");
        commitByCarol(copy("checkout"), "CART_TTL", "90m");

        test(view.save).click();
        var save = find(SaveDialog.class).single();
        test(save.message).setValue("Carts live an hour");
        test(save.save).click();

        var conflict = find(ConflictDialog.class).single();
        assertThat(conflict.getElement().getTextRecursively())
                .contains("CART_TTL", "base", "theirs", "90m", "yours", "1h");
        test(conflict.choices.get(new SettingKey("CART_TTL"))).selectItem(ConflictDialog.USE_MINE);
        test(conflict.apply).click();

        assertThat(cell(view, "CART_TTL", "dev")).isEqualTo("1h");
        assertThat(view.draft.isEmpty()).isTrue();
    }

    @Test
    @WithUserDetails("alice")
    void keys_are_added_ad_hoc_and_removed_through_the_draft() {
        var view = open(copy("search"));
        test(view.addKey).click();
        var dialog = find(AddKeyDialog.class).single();
        dialog.key.setValue("bad key");
        test(dialog.add).click();
        assertThat(dialog.key.isInvalid()).isTrue();
        assertThat(dialog.key.getErrorMessage()).contains("' ' (U+0020) at position 4");

        dialog.key.setValue("CACHE_SIZE");
        test(dialog.value).setValue("<b>big</b>");
        test(dialog.add).click();

        assertThat(cell(view, "CACHE_SIZE", "dev")).isEqualTo("(not set) → <b>big</b>");
        assertThat(view.draft.toSet()).containsEntry(new SettingKey("CACHE_SIZE"), "<b>big</b>");
    }

    @Test
    @WithUserDetails("alice")
    void a_key_is_removed_from_dev_through_its_details() {
        var view = open(copy("checkout"));
        test(view.grid).select(rowIndex(view, "CART_TTL"));

        find(Button.class, view.keyDetails)
                .withAttribute("aria-label", "Remove CART_TTL from dev")
                .single()
                .click();

        assertThat(view.draft.toUnset()).containsExactly(new SettingKey("CART_TTL"));
        assertThat(cell(view, "CART_TTL", "dev")).endsWith(" → (removed)");
    }

    @Test
    @WithUserDetails("alice")
    void an_editor_reveals_a_secret_of_dev_and_sees_it_masked_otherwise() {
        commitByCarol(copy("payments"), "DATABASE_PASSWORD", "s3cret-dev");
        var view = open(copy("payments"));
        assertThat(cell(view, "DATABASE_PASSWORD", "dev")).isEqualTo("••••••");
        test(view.grid).select(rowIndex(view, "DATABASE_PASSWORD"));

        find(Button.class, view.keyDetails).withText("Reveal").single().click();

        assertThat(view.keyDetails.getElement().getTextRecursively()).contains("s3cret-dev");

        find(Button.class, view.keyDetails).withText("Hide").single().click();

        assertThat(view.keyDetails.getElement().getTextRecursively())
                .doesNotContain("s3cret-dev")
                .contains("••••••");
        assertThat(find(Button.class, view.keyDetails).withText("Reveal").all()).hasSize(1);
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_is_not_offered_to_reveal_secrets() {
        commitByCarol(copy("payments"), "DATABASE_PASSWORD", "s3cret-dev");
        var view = open(copy("payments"));
        test(view.grid).select(rowIndex(view, "DATABASE_PASSWORD"));

        assertThat(find(Button.class, view.keyDetails).withText("Reveal").all()).isEmpty();
        assertThat(view.keyDetails.getElement().getTextRecursively())
                .contains("••••••")
                .doesNotContain("s3cret");
    }

    @Test
    @WithUserDetails("alice")
    void leaving_with_unsaved_changes_asks_before_discarding_them() {
        var view = open(copy("payments"));
        view.edit(row(view, "HTTP_TIMEOUT"));
        view.editors.get(DEV).setValue("20s");

        UI.getCurrent().navigate(OverviewView.class);

        assertThat(getCurrentView()).isInstanceOf(ApplicationView.class);
        var confirm = find(ConfirmDialog.class).single();
        assertThat(confirm.getElement().getProperty("message"))
                .isEqualTo("You have 1 unsaved change to dev. Leaving discards them.");
        test(confirm).confirm();
        assertThat(getCurrentView()).isInstanceOf(OverviewView.class);
    }

    @Test
    @WithUserDetails("bob")
    void filters_narrow_the_keys_to_a_text_to_differences_or_to_problems() {
        var view = open(copy("payments"));

        test(view.filter).setValue("jdbc:postgresql://db.prod");
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getRow(0).key().value()).isEqualTo("DATABASE_URL");

        test(view.filter).setValue("");
        test(view.onlyDifferences).click();
        assertThat(rowKeys(view)).contains("LOG_LEVEL", "HTTP_TIMEOUT").doesNotContain("DATABASE_URL", "server.port");

        test(view.onlyDifferences).click();
        test(view.onlyProblems).click();
        assertThat(rowKeys(view)).isEmpty();
        assertThat(view.grid.getEmptyStateText()).isEqualTo("No key matches the filter.");
    }

    @Test
    @WithUserDetails("bob")
    void a_filter_longer_than_200_characters_is_refused_next_to_the_field() {
        var view = open(copy("payments"));
        int keys = test(view.grid).size();

        // set on the server, as a client that ignores the field's maximum length would
        view.filter.setValue("a".repeat(64 * 1024));

        assertThat(view.filter.isInvalid()).isTrue();
        assertThat(view.filter.getErrorMessage()).isEqualTo("at most 200 characters");
        assertThat(test(view.grid).size()).as("the keys stay as they were").isEqualTo(keys);
    }

    @Test
    @WithUserDetails("alice")
    void an_application_with_2000_keys_shows_every_key() {
        AppName huge = new DemoCopies(store, secrets).create("huge", Schema.EMPTY);
        var set = new TreeMap<SettingKey, String>();
        for (int i = 0; i < 2000; i++) {
            set.put(new SettingKey("KEY_%04d".formatted(i)), "value-" + i);
        }
        store.commit(new ChangeSet(
                huge,
                DEV,
                set,
                new TreeSet<>(),
                "2,000 keys",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        open(huge.value());
        open(copy("payments"));

        var view = open(huge.value());

        assertThat(test(view.grid).size()).isEqualTo(2000);
    }

    private List<String> rowKeys(ApplicationView view) {
        var grid = test(view.grid);
        return IntStream.range(0, grid.size())
                .mapToObj(i -> grid.getRow(i).key().value())
                .toList();
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_downloads_an_environment_and_is_told_that_secrets_are_left_out() {
        var view = open(copy("payments"));

        test(view.download).click();

        var dialog = find(ExportDialog.class).single();
        dialog.env.setValue(new EnvName("production"));
        assertThat(dialog.secrets.getText())
                .isEqualTo(
                        "Secret values are left out: revealing them in production needs the role editor:production or editor:production@team-payments.");
        assertThat(dialog.download.getHref()).isNotBlank();
    }

    @Test
    @WithUserDetails("alice")
    void an_import_shows_the_key_diff_first_and_commits_nothing_while_a_line_is_wrong() {
        var view = open(copy("search"));
        var head = store.head();
        test(view.importSettings).click();
        var dialog = find(ImportDialog.class).single();

        test(dialog.text).setValue("RESULTS_PER_PAGE=25\nthis line is wrong\nBOOST_RECENT=lots");
        test(dialog.preview).click();

        assertThat(dialog.result.getElement().getTextRecursively()).contains("line 2, column 1: expected NAME=value");
        assertThat(dialog.commit.isEnabled()).isFalse();

        test(dialog.text).setValue("RESULTS_PER_PAGE=25\nBOOST_RECENT=lots");
        test(dialog.preview).click();
        assertThat(dialog.result.getElement().getTextRecursively())
                .contains("BOOST_RECENT: expected a number, got 'lots'");
        assertThat(dialog.commit.isEnabled()).isFalse();
        assertThat(store.head()).isEqualTo(head);

        test(dialog.text).setValue("RESULTS_PER_PAGE=25\nBOOST_RECENT=3.5\nINDEX_URL=" + currentIndexUrl());
        test(dialog.preview).click();
        assertThat(test(dialog.changes).size()).isEqualTo(2);
        test(dialog.message).setValue("Settings from the load-test team");
        test(dialog.commit).click();

        assertThat(cell(view, "RESULTS_PER_PAGE", "dev")).isEqualTo("25");
        assertThat(cell(view, "BOOST_RECENT", "dev")).isEqualTo("3.5");
        assertThat(notifications()).anyMatch(text -> text.startsWith("Imported 2 changes into dev as "));
    }

    @Test
    @WithUserDetails("alice")
    void an_uploaded_file_is_read_in_the_format_its_name_says_and_previewed() {
        var view = open(copy("search"));
        test(view.importSettings).click();
        var dialog = find(ImportDialog.class).single();

        test(dialog.upload)
                .upload(
                        "load-test.yml",
                        "application/yaml",
                        "RESULTS_PER_PAGE: 30\nBOOST_RECENT: 2.5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(dialog.format.getValue()).isEqualTo(dev.strata.formats.FileFormat.YAML);
        assertThat(dialog.text.getValue()).contains("RESULTS_PER_PAGE: 30");
        assertThat(test(dialog.changes).size()).as("previewed at once").isEqualTo(2);

        test(dialog.upload).upload("photo.properties", "text/plain", new byte[] {(byte) 0xff, (byte) 0xd8, 0, 1});
        assertThat(dialog.result.getElement().getTextRecursively()).contains("binary data");
        assertThat(dialog.commit.isEnabled()).isFalse();
    }

    private String currentIndexUrl() {
        return store.snapshot()
                .settings(new AppName(copy("search")), DEV)
                .get(new SettingKey("INDEX_URL"))
                .orElseThrow();
    }

    @Test
    @WithUserDetails("bob")
    void a_viewer_is_offered_no_import() {
        var view = open(copy("search"));

        assertThat(view.importSettings.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void a_key_in_the_address_is_selected_and_its_schema_shown() {
        var view = open(copy("payments"), QueryParameters.of("key", "HTTP_TIMEOUT"));

        assertThat(test(view.grid).getSelected())
                .extracting(r -> r.key().value())
                .containsExactly("HTTP_TIMEOUT");
        assertThat(view.keyDetails.getElement().getTextRecursively())
                .contains("Timeout of outgoing calls", "Type: duration", "Default: 30s");
    }

    @Test
    @WithUserDetails("alice")
    void an_unknown_application_gets_a_clear_page() {
        var view = open("no-such-app");

        assertThat(view.getElement().getTextRecursively()).contains("There is no such application");
    }

    @Test
    @WithUserDetails("alice")
    void promoting_from_the_application_page_opens_a_change_request_with_the_differing_keys() {
        var view = open(copy("payments"));
        assertThat(view.promotions.getChildren().map(c -> ((Button) c).getText()))
                .as("alice edits staging but not production")
                .containsExactly("Promote dev → staging");

        find(Button.class, view.promotions)
                .withText("Promote dev → staging")
                .single()
                .click();
        var dialog = find(PromoteDialog.class).single();
        assertThat(find(Grid.class, dialog).single().getSelectedItems())
                .extracting(item -> ((PromotionPreview.Key) item).key().value())
                .as("envSpecific DATABASE_URL and DATABASE_PASSWORD differ but are left out")
                .containsExactlyInAnyOrder("HTTP_TIMEOUT", "LOG_LEVEL");
        find(Button.class, dialog).withText("Open change request").single().click();

        assertThat(getCurrentView()).isInstanceOf(ChangeRequestView.class);
        var review = requests.all().getFirst();
        assertThat(review.about().kind()).isEqualTo(ChangeRequest.Kind.PROMOTION);
        assertThat(review.proposal().keys()).extracting(SettingKey::value).containsExactly("HTTP_TIMEOUT", "LOG_LEVEL");
    }

    @Test
    @WithUserDetails("alice")
    void an_edit_of_protected_staging_is_proposed_as_a_change_request_instead_of_committed() {
        var view = open(copy("payments"));
        String before = store.head().id();
        view.edit(row(view, "LOG_LEVEL"));
        view.editors.get(new EnvName("staging")).setValue("WARN");
        assertThat(view.save.getText()).isEqualTo("Propose…");

        test(view.save).click();
        var dialog = find(SaveDialog.class).single();
        test(dialog.message).setValue("Quieter staging for the load test");
        test(dialog.save).click();

        assertThat(store.head().id()).as("nothing committed").isEqualTo(before);
        assertThat(getCurrentView()).isInstanceOf(ChangeRequestView.class);
        var proposed = requests.all().getFirst();
        assertThat(proposed.about().kind()).isEqualTo(ChangeRequest.Kind.EDIT);
        assertThat(proposed.about().title()).isEqualTo("Quieter staging for the load test");
        assertThat(proposed.proposal().set()).containsExactly(Map.entry(new SettingKey("LOG_LEVEL"), "WARN"));
    }
}
