package dev.strata.admin.ui;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.strata.admin.AccountAdministration;
import dev.strata.admin.AccountAdministration.AccountSummary;
import java.util.Map;

/** The local accounts: who they are, their roles, whether they may sign in; and the actions on them. */
class AccountsPanel extends VerticalLayout {

    private final AccountAdministration accounts;
    private final Runnable changed;
    final Grid<AccountSummary> grid = new Grid<>();
    final Button newAccount = new Button("New account", VaadinIcon.PLUS.create());

    AccountsPanel(AccountAdministration accounts, Runnable changed) {
        this.accounts = accounts;
        this.changed = changed;
        setSizeFull();
        setPadding(false);

        newAccount.addThemeVariants(ButtonVariant.PRIMARY);
        newAccount.addClickListener(
                click -> new AccountDialog(accounts, accounts.suggestedRoles(), this::refresh).open());

        grid.addColumn(AccountSummary::username)
                .setHeader("User name")
                .setKey("username")
                .setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(AccountSummary::name)
                .setHeader("Name")
                .setKey("name")
                .setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(AccountSummary::email)
                .setHeader("E-mail")
                .setKey("email")
                .setAutoWidth(true);
        grid.addColumn(account -> account.roles().isEmpty() ? "read only" : String.join(", ", account.roles()))
                .setHeader("Roles")
                .setKey("roles")
                .setFlexGrow(1);
        grid.addColumn(account -> String.join(", ", account.teams()))
                .setHeader("Teams")
                .setKey("teams")
                .setAutoWidth(true);
        grid.addComponentColumn(AccountsPanel::status)
                .setHeader("Status")
                .setKey("status")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setEmptyStateText("No accounts yet: create one, or add it to users.yaml.");
        grid.setSizeFull();

        add(new HorizontalLayout(newAccount), grid);
        refresh();
    }

    void refresh() {
        grid.setItems(accounts.list());
        changed.run();
    }

    private static Badge status(AccountSummary account) {
        var status = new Badge(account.disabled() ? "Disabled" : "Active");
        status.addThemeVariants(account.disabled() ? BadgeVariant.ERROR : BadgeVariant.SUCCESS);
        return status;
    }

    private HorizontalLayout actions(AccountSummary account) {
        var roles = new Button(
                "Roles", click -> new RolesDialog(accounts, account, accounts.suggestedRoles(), this::refresh).open());
        var password = new Button(
                "Reset password", click -> new ResetPasswordDialog(accounts, account.username(), this::refresh).open());
        var toggle = new Button(account.disabled() ? "Enable" : "Disable", click -> toggle(account));
        for (Button button : new Button[] {roles, password, toggle}) {
            button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
        }
        if (!account.disabled()) {
            toggle.addThemeVariants(ButtonVariant.ERROR);
            String refusal = accounts.disableRefusal(account.username());
            toggle.setEnabled(refusal == null);
            toggle.setTooltipText(refusal);
        }
        var actions = new HorizontalLayout(roles, password, toggle);
        actions.setSpacing(false);
        return actions;
    }

    private void toggle(AccountSummary account) {
        if (account.disabled()) {
            if (Outcomes.attempt(() -> accounts.setDisabled(account.username(), false), Map.of())) {
                Outcomes.success(account.username() + " may sign in again.");
                refresh();
            }
            return;
        }
        var confirm = new ConfirmDialog(
                "Disable " + account.username() + "?",
                account.name() + " will no longer be able to sign in. Their commits keep their name.",
                "Disable",
                event -> {
                    if (Outcomes.attempt(() -> accounts.setDisabled(account.username(), true), Map.of())) {
                        Outcomes.success(account.username() + " is disabled.");
                        refresh();
                    }
                });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.open();
    }
}
