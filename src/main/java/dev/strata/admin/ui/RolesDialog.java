package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import dev.strata.admin.AccountAdministration;
import dev.strata.admin.AccountAdministration.AccountSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The roles of one account, per environment. */
class RolesDialog extends Dialog {

    final MultiSelectComboBox<String> roles;
    final Button save = new Button("Save roles");

    RolesDialog(AccountAdministration accounts, AccountSummary account, List<String> suggestedRoles, Runnable saved) {
        setHeaderTitle("Roles of " + account.username());
        setWidth("min(36rem, 100vw)");
        roles = rolesField(suggestedRoles, account.roles());
        roles.setWidthFull();
        add(
                new Paragraph(
                        "editor:<env> commits to an unprotected environment and reveals its secrets; approver:<env> "
                                + "approves change requests into it; * is every environment. @<team> limits a role to the applications "
                                + "that team owns: editor:*@team-payments. Without roles: read only."),
                roles);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> {
            if (Outcomes.attempt(
                    () -> accounts.setRoles(account.username(), List.copyOf(roles.getValue())),
                    Map.of("roles", roles))) {
                close();
                Outcomes.success("Saved the roles of " + account.username() + ".");
                saved.run();
            }
        });
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    /** Offers the usual roles and takes any other typed in, such as a role for an environment still to come. */
    static MultiSelectComboBox<String> rolesField(List<String> suggested, List<String> current) {
        var field = new MultiSelectComboBox<String>("Roles");
        Set<String> items = new LinkedHashSet<>(suggested);
        items.addAll(current);
        List<String> itemList = new ArrayList<>(items);
        field.setItems(itemList);
        field.setAllowCustomValue(true);
        field.addCustomValueSetListener(event -> {
            String typed = event.getDetail().strip();
            if (!typed.isEmpty() && !itemList.contains(typed)) {
                itemList.add(typed);
                field.getListDataView().refreshAll();
            }
            Set<String> value = new LinkedHashSet<>(field.getValue());
            value.add(typed);
            field.setValue(value);
        });
        field.setValue(new LinkedHashSet<>(current));
        field.setPlaceholder("read only");
        return field;
    }
}
