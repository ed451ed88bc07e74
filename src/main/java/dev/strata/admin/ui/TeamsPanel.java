package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.admin.AccountAdministration;
import dev.strata.admin.TeamAdministration;
import dev.strata.admin.TeamAdministration.TeamSummary;
import dev.strata.config.AppName;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Teams: who is in each, which applications each owns, and the roles limited to it. Admins add and
 * remove local accounts, and change an application's owners (a commit to its schema).
 */
class TeamsPanel extends VerticalLayout {

    private final TeamAdministration teams;
    private final AccountAdministration accounts;
    final Div warnings = new Div();
    final Grid<TeamSummary> grid = new Grid<>();
    final ComboBox<String> team = new ComboBox<>("Team");
    final ComboBox<String> account = new ComboBox<>("Local account");
    final Button addMember = new Button("Add to team", VaadinIcon.PLUS.create());
    final Button removeMember = new Button("Remove from team", VaadinIcon.MINUS.create());
    final ComboBox<String> application = new ComboBox<>("Application");
    final TextField owners = new TextField("Owners");
    final TextField message = new TextField("Why");
    final Button saveOwners = new Button("Save owners");

    TeamsPanel(TeamAdministration teams, AccountAdministration accounts) {
        this.teams = teams;
        this.accounts = accounts;
        setPadding(false);

        grid.addThemeVariants(GridVariant.WRAP_CELL_CONTENT);
        grid.addColumn(TeamSummary::name).setHeader("Team").setKey("name").setAutoWidth(true);
        grid.addColumn(summary -> String.join(", ", summary.members()))
                .setHeader("Members")
                .setKey("members");
        grid.addColumn(summary -> summary.applications().isEmpty() ? "none" : String.join(", ", summary.applications()))
                .setHeader("Owns")
                .setKey("applications");
        grid.addColumn(summary -> String.join(", ", summary.roles()))
                .setHeader("Roles limited to it")
                .setKey("roles");
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No teams yet: give an application owners, or an account teams.");

        team.setAllowCustomValue(true);
        team.addCustomValueSetListener(event -> team.setValue(event.getDetail()));
        team.setHelperText("A team name follows the application name rule: team-payments");
        addMember.addClickListener(click -> changeMember(true));
        removeMember.addClickListener(click -> changeMember(false));
        var members = new HorizontalLayout(team, account, addMember, removeMember);
        members.setAlignItems(FlexComponent.Alignment.BASELINE);

        application.addValueChangeListener(change -> owners.setValue(
                change.getValue() == null
                        ? ""
                        : String.join(", ", teams.owners().getOrDefault(change.getValue(), List.of()))));
        owners.setHelperText("Teams, separated by commas; empty leaves it to roles without @team");
        message.setPlaceholder("Change the owners");
        saveOwners.addThemeVariants(ButtonVariant.PRIMARY);
        saveOwners.addClickListener(click -> saveOwners());
        var ownersForm = new HorizontalLayout(application, owners, message, saveOwners);
        ownersForm.setAlignItems(FlexComponent.Alignment.BASELINE);

        warnings.addClassName("team-warnings");
        add(
                new Paragraph(
                        "A role such as editor:*@team-payments reaches only the applications whose owners list "
                                + "team-payments. Members of the owning teams give the approval that environments with owner approval "
                                + "require. People who sign in with single sign-on get their teams from their identity provider."),
                warnings,
                grid,
                new H3("Members"),
                members,
                new H3("Owners of an application"),
                ownersForm);
        load();
    }

    private void load() {
        List<TeamSummary> all = teams.teams();
        grid.setItems(all);
        // new items clear a combo box; what was chosen stays chosen, for the next action on it
        String chosenTeam = team.getValue();
        String chosenAccount = account.getValue();
        String chosenApplication = application.getValue();
        team.setItems(all.stream().map(TeamSummary::name).toList());
        account.setItems(accounts.list().stream()
                .map(AccountAdministration.AccountSummary::username)
                .toList());
        application.setItems(teams.owners().keySet());
        team.setValue(chosenTeam);
        account.setValue(chosenAccount);
        application.setValue(chosenApplication);
        warnings.removeAll();
        teams.warnings().forEach(warning -> {
            var line = new Div(VaadinIcon.WARNING.create(), new Div(warning));
            line.addClassName("file-problem");
            warnings.add(line);
        });
        warnings.setVisible(warnings.getChildren().findAny().isPresent());
    }

    private void changeMember(boolean add) {
        String name = team.getValue();
        String who = account.getValue();
        if (who == null) {
            account.setErrorMessage("Choose an account");
            account.setInvalid(true);
            return;
        }
        account.setInvalid(false);
        if (Outcomes.attempt(
                () -> {
                    if (add) {
                        teams.addMember(name, who);
                    } else {
                        teams.removeMember(name, who);
                    }
                },
                Map.of("team", team))) {
            Outcomes.success((add ? "Added " + who + " to " : "Removed " + who + " from ") + name + ".");
            load();
        }
    }

    private void saveOwners() {
        String app = application.getValue();
        if (app == null) {
            application.setErrorMessage("Choose an application");
            application.setInvalid(true);
            return;
        }
        application.setInvalid(false);
        List<String> given = Arrays.stream(owners.getValue().split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (Outcomes.attempt(
                () -> teams.setOwners(new AppName(app), given, message.getValue()), Map.of("team", owners))) {
            Outcomes.success("Saved the owners of " + app + ".");
            message.clear();
        }
        // after a conflict too: what is shown must be what the schemas hold now
        load();
    }
}
