package dev.strata.changes.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.changes.Review;
import dev.strata.config.FreezeWindow;
import java.util.function.Consumer;

/**
 * An admin's merge into a frozen environment: the reason is asked for first, since it is recorded
 * in the change request's record and the merge commit for everyone to read later.
 */
class FreezeOverrideDialog extends Dialog {

    final TextField reason = new TextField("Reason");
    final Button confirm = new Button("Merge despite freeze");

    FreezeOverrideDialog(Review review, Consumer<String> merge) {
        setHeaderTitle("Merge into frozen " + review.target() + "?");
        addClassName("freeze-override-dialog");
        reason.setWidthFull();
        reason.setMaxLength(FreezeWindow.MAX_REASON_LENGTH);
        reason.setHelperText("Recorded in the change request and the merge commit.");
        confirm.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
        confirm.addClickListener(click -> {
            String problem = FreezeWindow.reasonProblem(reason.getValue());
            if (problem != null) {
                reason.setInvalid(true);
                reason.setErrorMessage(problem);
                return;
            }
            close();
            merge.accept(reason.getValue());
        });
        add(new Paragraph(review.freeze()), reason);
        getFooter().add(new Button("Cancel", click -> close()), confirm);
    }
}
