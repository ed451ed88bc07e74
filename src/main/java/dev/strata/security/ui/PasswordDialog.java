package dev.strata.security.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.strata.config.ValidationException;
import dev.strata.security.PasswordChange;
import java.util.Map;

/** Changing one's own password: the current one, then the new one twice. */
public class PasswordDialog extends Dialog {

    final PasswordField current = new PasswordField("Current password");
    final PasswordField password = new PasswordField("New password");
    final PasswordField repeat = new PasswordField("New password again");
    final Button change = new Button("Change password");

    public PasswordDialog(PasswordChange passwords) {
        setHeaderTitle("Change your password");
        setWidth("min(28rem, 100vw)");
        password.setHelperText("At least 10 characters");
        var form = new FormLayout(current, password, repeat);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        Map<String, HasValidation> fields = Map.of("current", current, "password", password, "repeat", repeat);
        change.addThemeVariants(ButtonVariant.PRIMARY);
        change.addClickShortcut(Key.ENTER);
        change.addClickListener(click -> {
            fields.values().forEach(field -> field.setInvalid(false));
            try {
                passwords.change(current.getValue(), password.getValue(), repeat.getValue());
                close();
                Notification.show("Your password is changed.", 4000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.SUCCESS);
            } catch (ValidationException e) {
                e.problems().forEach(problem -> {
                    HasValidation field = fields.getOrDefault(problem.subject(), password);
                    field.setErrorMessage(problem.message());
                    field.setInvalid(true);
                });
            }
        });
        getFooter().add(new Button("Cancel", click -> close()), change);
    }
}
