package dev.strata.editing.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.function.SerializableRunnable;
import dev.strata.config.AppName;
import dev.strata.config.ConflictException;
import dev.strata.config.KeySpec;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.SchemaService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;

/**
 * Editing the schema of an application (admins and the editors of an owning team): description, owners and keys. Marking a key that
 * has values secret seals them in the same commit; the dialog says before and after that their
 * earlier plaintext stays in the Git history. A secret key cannot be unmarked.
 */
class SchemaDialog extends Dialog {

    private final SchemaService schemas;
    private final AppName app;
    private final SerializableRunnable saved;
    private final Revision base;
    private final Schema original;
    final TextField description = new TextField("Description");
    final TextField owners = new TextField("Owners");
    final TextField message = new TextField("Why? (the commit message)");
    final Checkbox shared = new Checkbox("Shared set");
    final MultiSelectComboBox<String> includes = new MultiSelectComboBox<>("Includes");
    final SchemaKeysEditor keys = new SchemaKeysEditor();
    final Div historyWarning = new Div();
    final Button save = new Button("Save schema");

    SchemaDialog(SchemaService schemas, AppName app, SerializableRunnable saved) {
        this.schemas = schemas;
        this.app = app;
        this.saved = saved;
        SchemaService.SchemaAt at = schemas.schema(app);
        this.base = at.revision();
        this.original = at.schema();
        addClassName("schema-dialog");
        setHeaderTitle("Schema of " + app);
        setWidth("min(64rem, 100vw)");

        description.setValue(original.description());
        owners.setValue(String.join(", ", original.owners()));
        owners.setHelperText("Teams or people, separated by commas");
        message.setPlaceholder("Optional; says what changed when empty");
        shared.setValue(original.shared());
        shared.setEnabled(schemas.mayChangeShared());
        shared.setTooltipText(
                schemas.mayChangeShared()
                        ? "A shared set gives its values to the applications that include it"
                        : "Only admins make an application a shared set or the reverse");
        // its own name is no choice: an application cannot include itself
        includes.setItems(schemas.sharedSets().stream()
                .map(AppName::value)
                .filter(name -> !name.equals(app.value()))
                .toList());
        includes.setValue(new LinkedHashSet<>(
                original.includes().stream().map(AppName::value).toList()));
        includes.setHelperText("Shared sets whose values this one takes; its own values win");
        var form = new FormLayout(description, owners, message, includes, shared);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40rem", 3));

        original.keys().forEach((key, spec) -> {
            KeySpecFields fields = keys.add(KeySpecFields.of(key, spec));
            if (spec.secret()) {
                fields.secret.setEnabled(false);
                fields.secret.setTooltipText(
                        "A secret stays secret: unmarking would write its values into Git in plaintext");
            }
            fields.secret.addValueChangeListener(change -> showHistoryWarning());
        });
        historyWarning.addClassName("history-warning");
        historyWarning.setVisible(false);
        add(form, historyWarning, new H3("Keys"), keys);

        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> save());
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    /** Keys of the schema as it was that are now ticked secret. */
    private TreeSet<SettingKey> newlySecret() {
        TreeSet<SettingKey> marked = new TreeSet<>();
        original.keys()
                .forEach((key, spec) -> keys.fields(key.value())
                        .filter(fields -> fields.secret.getValue() && !spec.secret())
                        .ifPresent(fields -> marked.add(key)));
        return marked;
    }

    private void showHistoryWarning() {
        TreeSet<SettingKey> marked = newlySecret();
        historyWarning.removeAll();
        historyWarning.setVisible(!marked.isEmpty());
        if (!marked.isEmpty()) {
            String earlier = schemas.historyWarning(app, marked);
            historyWarning.add(
                    VaadinIcon.WARNING.create(),
                    new Paragraph("Saving seals the current values of "
                            + String.join(
                                    ", ", marked.stream().map(SettingKey::value).toList())
                            + " in every environment in the"
                            + " same commit." + (earlier == null ? "" : " " + earlier)));
        }
    }

    private void save() {
        List<HasValidation> invalid = new ArrayList<>();
        SortedMap<SettingKey, KeySpec> specs = keys.collect(invalid);
        if (!invalid.isEmpty()) {
            return;
        }
        shared.setInvalid(false);
        includes.setInvalid(false);
        List<AppName> included = new ArrayList<>();
        for (String name : new TreeSet<>(includes.getValue())) {
            included.add(new AppName(name));
        }
        // a set chosen before keeps its place: a later set in includes wins over an earlier one
        included.sort(Comparator.comparingInt(
                set -> original.includes().contains(set) ? original.includes().indexOf(set) : Integer.MAX_VALUE));
        var schema = new Schema(
                description.getValue().strip(),
                KeySpecFields.list(owners.getValue()),
                specs,
                shared.getValue(),
                included);
        try {
            SchemaService.SchemaSaved done = schemas.save(app, schema, base, message.getValue());
            close();
            Notification.show(
                            "Saved the schema of " + app + " as "
                                    + done.revision().abbreviated()
                                    + (done.sealed() == 0 ? "." : "; " + done.sealed() + " values sealed."),
                            5000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.SUCCESS);
            if (done.warning() != null) {
                remindOfHistory(done.warning());
            }
            saved.run();
        } catch (ValidationException e) {
            List<String> elsewhere = new ArrayList<>();
            for (Problem problem : e.problems()) {
                if (problem.subject().equals("includes")) {
                    includes.setErrorMessage(problem.message());
                    includes.setInvalid(true);
                    continue;
                }
                if (problem.subject().equals("shared")) {
                    shared.setErrorMessage(problem.message());
                    shared.setInvalid(true);
                    continue;
                }
                keys.fields(problem.subject())
                        .ifPresentOrElse(
                                fields -> fields.showProblem(problem.message()),
                                () -> elsewhere.add(problem.subject() + ": " + problem.message()));
            }
            if (!elsewhere.isEmpty()) {
                notify("Not saved: " + String.join("; ", elsewhere));
            }
        } catch (ConflictException | AccessDeniedException e) {
            notify("Not saved: " + e.getMessage());
        }
    }

    /** Keys just marked secret had plaintext values in earlier commits: says so until acknowledged. */
    static void remindOfHistory(String warning) {
        var reminder = new ConfirmDialog("Earlier values remain in the history", warning, "I understand", ok -> {});
        reminder.addClassName("history-reminder");
        reminder.open();
    }

    private static void notify(String text) {
        Notification.show(text, 5000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.ERROR);
    }
}
