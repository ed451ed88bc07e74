package dev.strata.admin.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.strata.admin.AccountAdministration;
import java.util.Map;

/** A new password for someone who lost theirs. */
class ResetPasswordDialog extends Dialog {

    final PasswordField password = new PasswordField("New password");
    final Button reset = new Button("Reset password");

    ResetPasswordDialog(AccountAdministration accounts, String username, Runnable done) {
        setHeaderTitle("Reset the password of " + username);
        password.setHelperText("At least 10 characters");
        password.setWidthFull();
        add(password);
        reset.addThemeVariants(ButtonVariant.PRIMARY);
        reset.addClickShortcut(Key.ENTER);
        reset.addClickListener(click -> {
            if (Outcomes.attempt(
                    () -> accounts.resetPassword(username, password.getValue()), Map.of("password", password))) {
                close();
                Outcomes.success("The password of " + username + " is reset.");
                done.run();
            }
        });
        getFooter().add(new Button("Cancel", click -> close()), reset);
    }
}
