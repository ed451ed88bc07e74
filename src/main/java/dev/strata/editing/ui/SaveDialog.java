package dev.strata.editing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.function.SerializableConsumer;

/** Asks why, before the draft becomes a commit: the message is the commit message. Enter saves, Escape cancels. */
class SaveDialog extends Dialog {

    final TextField message = new TextField("Why? (the commit message)");
    final Button save = new Button("Save");

    private SerializableConsumer<String> onSave = message -> { };

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
        setHeaderTitle(header);
        addClassName("save-dialog");
        setWidth("min(36rem, 100vw)");
        message.setWidthFull();
        message.setRequiredIndicatorVisible(true);
        message.setPlaceholder("e.g. Raise the timeout: the bank's API got slower");
        add(new Paragraph(summary), message);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> {
            if (message.getValue().isBlank()) {
                showProblem(required);
                return;
            }
            onSave.accept(message.getValue().strip());
        });
        save.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", click -> close()), save);
        setCloseOnEsc(true);
        addOpenedChangeListener(opened -> message.focus());
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
