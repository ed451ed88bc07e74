package dev.strata.editing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.ShortcutRegistration;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.function.SerializableConsumer;
import dev.strata.config.Includes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Asks why, before the draft becomes a commit: the message is the commit message. Enter saves, Escape cancels. */
class SaveDialog extends Dialog {

    final TextField message = new TextField("Why? (the commit message)");
    final Button save = new Button("Save");
    final Div warnings = new Div();
    /** For a shared set: the applications the change reaches. */
    final Div reach = new Div();

    final Button markSecretAndSave = new Button("Mark secret and save");

    private final ShortcutRegistration enter;
    /** What to say when the message is left empty. */
    private final String required;

    private SerializableConsumer<String> onSave = message -> {};
    private SerializableConsumer<String> onMarkSecret = message -> {};

    SaveDialog(String summary) {
        this(summary, "Save changes", "Say why you make this change; it becomes the commit message.");
    }

    /** The same question for a change request: its title says why. */
    static SaveDialog proposal(String summary) {
        var dialog = new SaveDialog(summary, "Propose changes", "Give the change request a title that says why.");
        dialog.message.setLabel("Why? (the title of the change request)");
        dialog.save.setText("Propose");
        return dialog;
    }

    private SaveDialog(String summary, String header, String required) {
        this.required = required;
        setHeaderTitle(header);
        addClassName("save-dialog");
        setWidth("min(36rem, 100vw)");
        message.setWidthFull();
        message.setRequiredIndicatorVisible(true);
        message.setPlaceholder("e.g. Raise the timeout: the bank's API got slower");
        warnings.addClassName("credential-warnings");
        warnings.setVisible(false);
        reach.addClassName("save-reach");
        reach.setVisible(false);
        add(new Paragraph(summary), reach, warnings, message);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> withMessage(onSave));
        enter = save.addClickShortcut(Key.ENTER);
        markSecretAndSave.setVisible(false);
        markSecretAndSave.addClickListener(click -> withMessage(onMarkSecret));
        getFooter().add(new Button("Cancel", click -> close()), save, markSecretAndSave);
        setCloseOnEsc(true);
        addOpenedChangeListener(opened -> message.focus());
    }

    private void withMessage(SerializableConsumer<String> action) {
        if (message.getValue().isBlank()) {
            showProblem(required);
            return;
        }
        action.accept(message.getValue().strip());
    }

    /**
     * Warns that values look like credentials in keys not marked secret, and offers to mark them
     * secret as part of the save; saving as they are stays possible.
     */
    void warnAboutCredentials(List<String> messages, SerializableConsumer<String> markSecret) {
        warnings.removeAll();
        warnings.add(new Paragraph("These values look like credentials, but their keys are not marked secret: they"
                + " would be stored in plaintext in Git, where history keeps them for ever."));
        var list = new UnorderedList();
        messages.forEach(text -> list.add(new ListItem(text)));
        warnings.add(list);
        warnings.setVisible(true);
        onMarkSecret = markSecret;
        save.setText("Save anyway");
        save.removeThemeVariants(ButtonVariant.PRIMARY);
        markSecretAndSave.addThemeVariants(ButtonVariant.PRIMARY);
        markSecretAndSave.setVisible(true);
        // Enter takes the safe way out, never "Save anyway"
        enter.remove();
        markSecretAndSave.addClickShortcut(Key.ENTER);
    }

    /**
     * Says which applications a change of a shared set reaches, so that its author sees the reach
     * before saving.
     */
    void showReach(List<Includes.Reach> reaches) {
        reach.removeAll();
        reach.setVisible(true);
        if (reaches.isEmpty()) {
            reach.add(new Paragraph("This is a shared set; no application gets these keys from it here."));
            return;
        }
        Set<String> apps =
                new TreeSet<>(reaches.stream().map(Includes.Reach::app).toList());
        reach.add(new Paragraph("This is a shared set: the change reaches " + apps.size()
                + (apps.size() == 1 ? " application" : " applications") + ":"));
        var list = new UnorderedList();
        reaches.forEach(r -> list.add(new ListItem(r.app() + " in " + r.env())));
        reach.add(list);
    }

    /** What saving does with the message. */
    void onSave(SerializableConsumer<String> onSave) {
        this.onSave = onSave;
    }

    void showProblem(String problem) {
        message.setErrorMessage(problem);
        message.setInvalid(true);
    }
}
