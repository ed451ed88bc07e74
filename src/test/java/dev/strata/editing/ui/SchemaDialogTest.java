package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import dev.strata.BrowserlessViewTest;
import dev.strata.DemoCopies;
import dev.strata.ViewTest;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
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
 * The schema dialog of the application page, and the credential warning of its Save dialog. Each test
 * works on copies of the demo's applications of its own ({@link DemoCopies}).
 */
@ViewTest
class SchemaDialogTest extends BrowserlessViewTest {

    static final EnvName DEV = new EnvName("dev");

    @Autowired
    ConfigStore store;

    @Autowired
    ConfigHistory history;

    @Autowired
    Secrets secrets;

    /** This test's copy of the demo's payments. */
    AppName payments;

    @BeforeEach
    void copies() {
        payments = new DemoCopies(store, secrets).copy("payments");
    }

    /**
     * A copy of the demo's checkout, made only by the tests about it: each copy is four commits and one
     * more row above the demo's payments on the overview of the Strata the classes share.
     */
    private AppName copyOfCheckout() {
        return new DemoCopies(store, secrets).copy("checkout");
    }

    private ApplicationView open(String app) {
        UI.getCurrent().navigate("apps/" + app);
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    private List<String> notifications() {
        return find(Notification.class).all().stream()
                .map(n -> n.getElement().getProperty("text", ""))
                .toList();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_marks_a_key_secret_is_warned_about_the_history_and_its_values_are_sealed_everywhere() {
        var view = open(payments.value());
        test(view.editSchema).click();
        var dialog = find(SchemaDialog.class).single();
        var url = dialog.keys.fields("DATABASE_URL").orElseThrow();
        assertThat(dialog.keys.fields("DATABASE_PASSWORD").orElseThrow().secret.isEnabled())
                .as("a secret stays secret")
                .isFalse();
        assertThat(dialog.historyWarning.isVisible()).isFalse();

        test(url.secret).click();

        assertThat(dialog.historyWarning.isVisible()).isTrue();
        assertThat(dialog.historyWarning.getElement().getTextRecursively())
                .contains("DATABASE_URL")
                .contains("remain in plaintext in the Git history")
                .contains("git filter-repo");
        test(dialog.save).click();

        var schema = store.snapshot().application(payments).orElseThrow().schema();
        assertThat(schema.spec(new SettingKey("DATABASE_URL")).secret()).isTrue();
        for (String env : new String[] {"dev", "staging", "production"}) {
            assertThat(store.snapshot()
                            .settings(payments, new EnvName(env))
                            .get(new SettingKey("DATABASE_URL"))
                            .orElseThrow())
                    .startsWith("ENC[v1:");
        }
        assertThat(find(ConfirmDialog.class).all()).anyMatch(reminder -> reminder.hasClassName("history-reminder"));
        assertThat(notifications()).anyMatch(text -> text.contains("3 values sealed"));
    }

    @Test
    @WithUserDetails("admin")
    void a_bad_key_or_default_is_shown_next_to_its_field_and_nothing_is_saved() {
        var view = open(payments.value());
        test(view.editSchema).click();
        var dialog = find(SchemaDialog.class).single();
        var before = store.head();
        var added = dialog.keys.add();
        test(added.key).setValue("../etc/passwd");
        test(dialog.keys.fields("DATABASE_PASSWORD").orElseThrow().defaultValue).setValue("letmein");

        test(dialog.save).click();

        assertThat(added.key.isInvalid()).isTrue();
        test(added.key).setValue("SMTP_HOST");
        test(dialog.save).click();
        var password = dialog.keys.fields("DATABASE_PASSWORD").orElseThrow();
        assertThat(password.defaultValue.isInvalid()).isTrue();
        assertThat(password.defaultValue.getErrorMessage()).contains("a secret key cannot have a default");
        assertThat(store.head()).isEqualTo(before);
    }

    @Test
    @WithUserDetails("alice")
    void only_admins_see_the_schema_button() {
        assertThat(open(payments.value()).editSchema.isVisible()).isFalse();
    }

    private SaveDialog saveWithNewKey(ApplicationView view, String key, String value) {
        test(view.addKey).click();
        var add = find(AddKeyDialog.class).single();
        add.key.setValue(key);
        test(add.value).setValue(value);
        test(add.add).click();
        test(view.save).click();
        var save = find(SaveDialog.class).single();
        test(save.message).setValue("Mail for receipts");
        return save;
    }

    @Test
    @WithUserDetails("alice")
    void a_credential_in_a_key_not_marked_secret_is_warned_about_and_marking_it_secret_seals_it_in_the_same_commit() {
        AppName checkout = copyOfCheckout();
        var view = open(checkout.value());
        var save = saveWithNewKey(view, "SMTP_PASSWORD", "hunter2-smtp");

        assertThat(save.warnings.isVisible()).isTrue();
        assertThat(save.warnings.getElement().getTextRecursively())
                .contains("SMTP_PASSWORD")
                .contains("its name says it is a credential")
                .doesNotContain("hunter2");
        assertThat(save.save.getText()).isEqualTo("Save anyway");
        var before = store.head();
        test(save.markSecretAndSave).click();

        var snapshot = store.snapshot();
        assertThat(snapshot.application(checkout)
                        .orElseThrow()
                        .schema()
                        .spec(new SettingKey("SMTP_PASSWORD"))
                        .secret())
                .isTrue();
        assertThat(snapshot.settings(checkout, DEV)
                        .get(new SettingKey("SMTP_PASSWORD"))
                        .orElseThrow())
                .startsWith("ENC[v1:");
        assertThat(history.history(new HistoryQuery(null, null, null, null, null, null, 2, null))
                        .entries()
                        .get(1)
                        .revision())
                .as("one commit")
                .isEqualTo(before);
        assertThat(view.draft.isEmpty()).isTrue();
        assertThat(history.history(new HistoryQuery(null, null, null, null, null, null, 1, null))
                        .entries()
                        .getFirst()
                        .message()
                        .strip())
                .isEqualTo("Mail for receipts\n\nMarks SMTP_PASSWORD secret and seals its values.");
        assertThat(find(ConfirmDialog.class).all())
                .as("no plaintext of a new key was ever committed")
                .noneMatch(reminder -> reminder.hasClassName("history-reminder"));
    }

    @Test
    @WithUserDetails("alice")
    void marking_secret_a_key_whose_plaintext_was_committed_before_says_it_remains_in_the_history() {
        AppName search = new DemoCopies(store, secrets).copy("search");
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey("MAIL_PASSWORD"), "hunter1-mail"));
        store.commit(new ChangeSet(
                search,
                DEV,
                set,
                new TreeSet<>(),
                "Mail, quickly",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        var view = open(search.value());
        view.addKey(DEV, new SettingKey("MAIL_PASSWORD"), "hunter2-mail");
        test(view.save).click();
        var save = find(SaveDialog.class).single();
        test(save.message).setValue("Mail for receipts");

        test(save.markSecretAndSave).click();

        assertThat(find(ConfirmDialog.class).all())
                .filteredOn(reminder -> reminder.hasClassName("history-reminder"))
                .singleElement()
                .satisfies(reminder -> assertThat(reminder.getElement().getProperty("message"))
                        .contains("Earlier values of MAIL_PASSWORD remain in plaintext in the Git history"));
    }

    @Test
    @WithUserDetails("alice")
    void saving_anyway_commits_the_value_as_it_is() {
        AppName checkout = copyOfCheckout();
        var view = open(checkout.value());
        var save = saveWithNewKey(view, "MAIL_API_KEY", "AKIAIOSFODNN7EXAMPLE");

        test(save.save).click();

        var snapshot = store.snapshot();
        assertThat(snapshot.settings(checkout, DEV).get(new SettingKey("MAIL_API_KEY")))
                .contains("AKIAIOSFODNN7EXAMPLE");
        assertThat(snapshot.application(checkout)
                        .orElseThrow()
                        .schema()
                        .spec(new SettingKey("MAIL_API_KEY"))
                        .secret())
                .isFalse();
    }

    @Test
    @WithUserDetails("alice")
    void an_ordinary_value_saves_without_a_warning() {
        AppName checkout = copyOfCheckout();
        var save = saveWithNewKey(open(checkout.value()), "GREETING", "Welcome back");

        assertThat(save.warnings.isVisible()).isFalse();
        assertThat(save.markSecretAndSave.isVisible()).isFalse();
        assertThat(save.save.getText()).isEqualTo("Save");
    }
}
