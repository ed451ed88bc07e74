package dev.strata.admin.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.admin.AccountAdministration;
import java.util.List;
import java.util.Map;

/** A new local account: who it is, its first password and its roles. */
class AccountDialog extends Dialog {

    final TextField username = new TextField("User name");
    final TextField name = new TextField("Name");
    final EmailField email = new EmailField("E-mail");
    final PasswordField password = new PasswordField("Password");
    final MultiSelectComboBox<String> roles;
    final Button create = new Button("Create account");

    AccountDialog(AccountAdministration accounts, List<String> suggestedRoles, Runnable created) {
        setHeaderTitle("New account");
        setWidth("min(36rem, 100vw)");
        username.setRequiredIndicatorVisible(true);
        username.setHelperText("Letters, digits, '.', '_', '@' or '-'");
        name.setHelperText("The author name of their commits");
        password.setRequiredIndicatorVisible(true);
        password.setHelperText("At least 10 characters; tell it to them in person, they can change it");
        roles = RolesDialog.rolesField(suggestedRoles, List.of());
        add(new FormLayout(username, name, email, password, roles));

        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(click -> {
            String user = username.getValue().strip();
            if (Outcomes.attempt(
                    () -> accounts.create(
                            user,
                            name.getValue().strip(),
                            email.getValue().strip(),
                            password.getValue(),
                            List.copyOf(roles.getValue())),
                    Map.of("username", username, "password", password, "roles", roles))) {
                close();
                Outcomes.success("Created the account " + user + ".");
                created.run();
            }
        });
        getFooter().add(new Button("Cancel", click -> close()), create);
    }
}
