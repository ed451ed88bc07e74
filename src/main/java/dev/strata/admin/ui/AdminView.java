package dev.strata.admin.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.strata.admin.AccountAdministration;
import dev.strata.admin.PolicyAdministration;
import dev.strata.admin.SecretsKeyAdministration;
import dev.strata.admin.TeamAdministration;
import dev.strata.admin.TokenAdministration;
import dev.strata.config.Replication;
import dev.strata.notifications.Webhooks;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Administration of accounts, teams, API tokens and environment policies; admins only (the services
 * refuse everyone else too). The open tab is in the URL: {@code /admin?tab=tokens}.
 */
@Route("admin")
@PageTitle("Admin · Strata")
@Menu(order = 3, title = "Admin", icon = "vaadin:cog")
@RolesAllowed("ADMIN")
public class AdminView extends VerticalLayout implements BeforeEnterObserver {

    private static final List<String> TABS =
            List.of("accounts", "teams", "tokens", "policies", "secrets", "notifications", "remote");

    private final AccountAdministration accountAdministration;
    private final TokenAdministration tokenAdministration;
    final Div fileProblems = new Div();
    final TabSheet tabs = new TabSheet();
    final AccountsPanel accounts;
    final TeamsPanel teams;
    final TokensPanel tokens;
    final PoliciesPanel policies;
    final SecretsKeyPanel secretsKey;
    final NotificationsPanel notifications;
    /** Null without a remote. */
    final RemotePanel remote;

    private final Replication replication;
    private final List<Tab> tabList;

    AdminView(
            AccountAdministration accountAdministration,
            TokenAdministration tokenAdministration,
            PolicyAdministration policyAdministration,
            SecretsKeyAdministration secretsKeyAdministration,
            ObjectProvider<Replication> replication,
            TeamAdministration teamAdministration,
            Webhooks webhooks) {
        this.accountAdministration = accountAdministration;
        this.tokenAdministration = tokenAdministration;
        this.replication = replication.getIfAvailable();
        addClassName("admin-view");
        setSizeFull();
        accounts = new AccountsPanel(accountAdministration, this::showFileProblems);
        teams = new TeamsPanel(teamAdministration, accountAdministration);
        tokens = new TokensPanel(tokenAdministration, this::showFileProblems);
        policies = new PoliciesPanel(policyAdministration);
        secretsKey = new SecretsKeyPanel(secretsKeyAdministration);
        notifications = new NotificationsPanel(webhooks);
        var added = new ArrayList<>(List.of(
                tabs.add("Accounts", accounts),
                tabs.add("Teams", teams),
                tabs.add("API tokens", tokens),
                tabs.add("Environment policies", policies),
                tabs.add("Secrets key", secretsKey),
                tabs.add("Notifications", notifications)));
        remote = this.replication == null ? null : new RemotePanel(this.replication);
        added.add(tabs.add(
                "Remote",
                remote != null
                        ? remote
                        : new EmptyState(
                                VaadinIcon.CLOUD,
                                "No remote is configured",
                                "This instance keeps the configuration repository only in its data directory. To replicate it to a Git"
                                        + " server (GitHub, GitLab, Gitea, any Git host) and share it between instances, start Strata with"
                                        + " STRATA_REMOTE_URL set to the repository's URL, and STRATA_REMOTE_USERNAME with"
                                        + " STRATA_REMOTE_PASSWORD (a token) or STRATA_REMOTE_SSH_KEY. The README's section on the remote"
                                        + " lists every setting.")));
        tabList = List.copyOf(added);
        tabs.setSizeFull();
        tabs.addSelectedChangeListener(event -> UI.getCurrent()
                .getPage()
                .getHistory()
                .replaceState(null, "admin?tab=" + TABS.get(tabList.indexOf(event.getSelectedTab()))));
        fileProblems.addClassName("file-problems");
        add(fileProblems, tabs);
        showFileProblems();
    }

    /** A users.yaml or tokens.yaml broken by a hand edit is shown to admins until it is fixed. */
    private void showFileProblems() {
        fileProblems.removeAll();
        accountAdministration
                .fileProblem()
                .ifPresent(
                        problem -> fileProblems.add(
                                problem(
                                        problem,
                                        "Accounts keep working as they were before this edit; changes to accounts wait until the file is fixed.")));
        tokenAdministration
                .fileProblem()
                .ifPresent(
                        problem -> fileProblems.add(
                                problem(
                                        problem,
                                        "Tokens keep working as they were before this edit; changes to tokens wait until the file is fixed.")));
        if (replication != null && replication.status().divergence() != null) {
            fileProblems.add(problem(
                    replication.status().divergence(),
                    "Serving goes on from this instance's copy; see the Remote tab."));
        }
        fileProblems.setVisible(fileProblems.getChildren().findAny().isPresent());
    }

    private static Div problem(String problem, String consequence) {
        var icon = VaadinIcon.WARNING.create();
        var text = new Div(new Div(problem), new Div(consequence));
        var box = new Div(icon, text);
        box.addClassName("file-problem");
        return box;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        String tab = query.getSingleParameter("tab").orElse("accounts");
        int index = TABS.indexOf(tab);
        tabs.setSelectedTab(tabList.get(index >= 0 && index < tabList.size() ? index : 0));
    }
}
