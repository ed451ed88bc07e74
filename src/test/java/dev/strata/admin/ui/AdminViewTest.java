package dev.strata.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.admin.AccountAdministration;
import dev.strata.admin.TeamAdministration;
import dev.strata.admin.TokenAdministration;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.Pipeline;
import dev.strata.security.AccountDirectory;
import dev.strata.security.TokenDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class AdminViewTest extends BrowserlessViewTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    AccountDirectory accountDirectory;

    @Autowired
    TokenDirectory tokenDirectory;

    @Autowired
    AccountAdministration accounts;

    @Autowired
    TokenAdministration tokens;

    @Autowired
    TeamAdministration teams;

    @Autowired
    ConfigStore store;

    private AdminView open(String tab) {
        UI.getCurrent().navigate("admin", tab == null ? QueryParameters.empty() : QueryParameters.of("tab", tab));
        // the tab sheet attaches the selected tab's content before the response; this test has no response
        roundTrip();
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    private List<String> notifications() {
        return find(Notification.class).all().stream()
                .map(n -> n.getElement().getProperty("text", ""))
                .toList();
    }

    @Test
    @WithUserDetails("carol")
    void the_admin_services_refuse_everyone_else_even_without_the_page() {
        assertThatThrownBy(() -> accounts.list()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accounts.setRoles("carol", List.of("admin")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> tokens.issue("mine", List.of("*:*"), null)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> teams.addMember("team-payments", "carol")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> teams.setOwners(new AppName("checkout"), List.of("team-payments"), ""))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(tokenDirectory.tokens()).noneMatch(token -> token.name().equals("mine"));
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_sees_every_account_with_its_roles_and_status() {
        var view = open(null);
        var grid = test(view.accounts.grid);

        assertThat(grid.size())
                .as("the demo's admin, alice, bob, carol, dave and erin")
                .isEqualTo(6);
        assertThat(grid.getCellText(0, grid.getColumnPosition("username"))).isEqualTo("admin");
        assertThat(grid.getCellText(1, grid.getColumnPosition("roles"))).isEqualTo("editor:dev, editor:staging");
        assertThat(view.fileProblems.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("admin")
    void a_new_account_shows_a_broken_rule_next_to_its_field_and_is_created_once_fixed() {
        var view = open(null);
        test(view.accounts.newAccount).click();
        var dialog = find(AccountDialog.class).single();
        test(dialog.username).setValue("frank");
        test(dialog.name).setValue("Frank Castle");
        test(dialog.password).setValue("short");
        test(dialog.roles).selectItem("editor:dev", "approver:staging");

        test(dialog.create).click();

        assertThat(dialog.password.isInvalid()).isTrue();
        assertThat(dialog.password.getErrorMessage()).contains("at least 10");
        assertThat(accountDirectory.find("frank")).isEmpty();

        test(dialog.password).setValue("frank-long-password");
        test(dialog.create).click();

        assertThat(find(AccountDialog.class).all()).isEmpty();
        assertThat(notifications()).contains("Created the account frank.");
        var frank = accountDirectory.find("frank").orElseThrow();
        assertThat(frank.name()).isEqualTo("Frank Castle");
        assertThat(frank.roles()).extracting(Object::toString).containsExactly("editor:dev", "approver:staging");
        assertThat(test(view.accounts.grid).size()).isEqualTo(7);
    }

    @Test
    @WithUserDetails("admin")
    void a_taken_user_name_is_refused_next_to_the_field() {
        var view = open(null);
        test(view.accounts.newAccount).click();
        var dialog = find(AccountDialog.class).single();
        test(dialog.username).setValue("alice");
        test(dialog.password).setValue("a-long-enough-password");

        test(dialog.create).click();

        assertThat(dialog.username.isInvalid()).isTrue();
        assertThat(dialog.username.getErrorMessage()).contains("already an account 'alice'");
    }

    @Test
    @WithUserDetails("admin")
    void disabling_an_account_asks_first_and_then_it_cannot_sign_in() {
        var view = open(null);
        var grid = test(view.accounts.grid);
        int bob = 2;
        assertThat(grid.getCellText(bob, grid.getColumnPosition("username"))).isEqualTo("bob");

        var actions = (HorizontalLayout) grid.getCellComponent(bob, "actions");
        var disable = (Button) actions.getComponentAt(2);
        test(disable).click();
        test(find(ConfirmDialog.class).single()).confirm();

        assertThat(accountDirectory.loadUserByUsername("bob").isEnabled()).isFalse();
        assertThat(accounts.list().get(bob).disabled()).isTrue();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_is_not_offered_to_disable_their_own_account_and_is_told_why() {
        var view = open(null);
        var grid = test(view.accounts.grid);
        int admin = 0;
        assertThat(grid.getCellText(admin, grid.getColumnPosition("username"))).isEqualTo("admin");

        var disable = (Button) ((HorizontalLayout) grid.getCellComponent(admin, "actions")).getComponentAt(2);

        assertThat(disable.getText()).isEqualTo("Disable");
        assertThat(disable.isEnabled()).isFalse();
        assertThat(disable.getTooltip().getText()).isEqualTo("You cannot disable your own account; ask another admin.");
        var bob = (Button) ((HorizontalLayout) grid.getCellComponent(2, "actions")).getComponentAt(2);
        assertThat(bob.isEnabled()).isTrue();
        assertThatThrownBy(() -> accounts.setDisabled("admin", true))
                .as("the service still refuses")
                .hasMessageContaining("You cannot disable your own account; ask another admin.");
    }

    @Test
    @WithUserDetails("admin")
    void a_token_is_shown_once_kept_only_as_its_hash_listed_and_revoked() throws Exception {
        var view = open("tokens");
        assertThat(test(view.tabs).isSelected("API tokens")).isTrue();
        test(view.tokens.newToken).click();
        var dialog = find(TokenDialog.class).single();
        test(dialog.name).setValue("checkout-prod");
        test(dialog.scopes).selectItem("checkout:production");

        test(dialog.create).click();

        String token = dialog.token.getValue();
        assertThat(token).startsWith("strata_");
        assertThat(dialog.token.isReadOnly()).isTrue();
        assertThat(Files.readString(dataDir.resolve("tokens.yaml")))
                .doesNotContain(token)
                .contains(TokenDirectory.sha256(token));
        assertThat(tokenDirectory.authenticate(token)).isPresent();
        var grid = test(view.tokens.grid);
        assertThat(grid.getCellText(0, grid.getColumnPosition("scopes"))).isEqualTo("checkout:production");

        test((Button) grid.getCellComponent(0, "actions")).click();
        test(find(ConfirmDialog.class).single()).confirm();

        assertThat(tokenDirectory.authenticate(token)).isEmpty();
        assertThat(grid.size()).isZero();
    }

    @Test
    @WithUserDetails("admin")
    void a_token_made_with_an_expiry_shows_it_in_the_list_and_a_past_one_is_refused_next_to_the_field() {
        var view = open("tokens");
        test(view.tokens.newToken).click();
        var dialog = find(TokenDialog.class).single();
        test(dialog.name).setValue("until-2099");
        test(dialog.scopes).selectItem("checkout:production");
        dialog.expires.setValue(LocalDate.of(2001, 1, 1));

        test(dialog.create).click();
        assertThat(dialog.expires.isInvalid()).isTrue();
        assertThat(dialog.expires.getErrorMessage()).contains("already past");

        dialog.expires.setValue(LocalDate.of(2099, 12, 31));
        test(dialog.create).click();

        assertThat(dialog.token.getValue()).startsWith("strata_");
        var grid = test(view.tokens.grid);
        assertThat(grid.getCellText(0, grid.getColumnPosition("expires"))).isEqualTo("2099-12-31 00:00 UTC");
        tokenDirectory.revoke("until-2099"); // the other tests of tokens begin without any
    }

    @Test
    @WithUserDetails("admin")
    void a_scope_with_a_path_trick_is_refused_next_to_the_field() {
        var view = open("tokens");
        test(view.tokens.newToken).click();
        var dialog = find(TokenDialog.class).single();
        test(dialog.name).setValue("sneaky");
        dialog.scopes.setValue(Set.of("../payments:dev"));

        test(dialog.create).click();

        assertThat(dialog.scopes.isInvalid()).isTrue();
        assertThat(dialog.scopes.getErrorMessage()).contains("invalid scope");
        assertThat(tokenDirectory.tokens()).noneMatch(t -> t.name().equals("sneaky"));
    }

    @Test
    @WithUserDetails("admin")
    void policies_are_saved_as_the_admins_commit_and_a_change_by_someone_else_meanwhile_is_not_overwritten() {
        var view = open("policies");
        var staging = view.policies
                .grid
                .getListDataView()
                .getItems()
                .filter(row -> row.environment.equals("staging"))
                .findFirst()
                .orElseThrow();
        test(staging.requiredApprovals).setValue(2);
        test(view.policies.message).setValue("Two reviewers for staging");

        test(view.policies.save).click();

        assertThat(notifications()).contains("Saved the environment policies.");
        assertThat(store.snapshot()
                        .pipeline()
                        .policy(new EnvName("staging"))
                        .orElseThrow()
                        .requiredApprovals())
                .isEqualTo(2);

        var production = view.policies
                .grid
                .getListDataView()
                .getItems()
                .filter(row -> row.environment.equals("production"))
                .findFirst()
                .orElseThrow();
        var pipeline = store.snapshot().pipeline();
        var environments = new ArrayList<>(pipeline.environments());
        environments.set(0, new EnvironmentPolicy(new EnvName("dev"), true, 1));
        store.savePipeline(
                new Pipeline(environments), new Author("Carol", "carol@example.com"), "Protect dev", store.head());
        test(production.isProtected).click();
        test(view.policies.save).click();

        assertThat(notifications()).anyMatch(text -> text.contains("someone else changed strata.yaml"));
        assertThat(store.snapshot()
                        .pipeline()
                        .policy(new EnvName("production"))
                        .orElseThrow()
                        .isProtected())
                .isTrue();
        assertThat(store.snapshot()
                        .pipeline()
                        .policy(new EnvName("dev"))
                        .orElseThrow()
                        .isProtected())
                .isTrue();
    }

    @Test
    @WithUserDetails("admin")
    void the_teams_tab_lists_teams_from_owners_and_accounts_with_their_members_and_applications() {
        var view = open("teams");
        var grid = test(view.teams.grid);

        var payments = view.teams
                .grid
                .getListDataView()
                .getItems()
                .filter(t -> t.name().equals("team-payments"))
                .findFirst()
                .orElseThrow();
        assertThat(payments.members()).containsExactly("erin");
        assertThat(payments.applications()).containsExactly("payments");
        assertThat(payments.roles()).containsExactly("erin: approver:*@team-payments", "erin: editor:*@team-payments");
        assertThat(grid.size())
                .as("team-checkout, team-discovery, team-payments, team-platform")
                .isEqualTo(4);
        assertThat(view.teams.warnings.isVisible()).isFalse();
        assertThat(accounts.suggestedRoles()).contains("editor:*@team-payments", "approver:*@team-checkout");
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_adds_and_removes_members_of_local_accounts() {
        var view = open("teams");

        test(view.teams.team).selectItem("team-checkout");
        test(view.teams.account).selectItem("alice");
        test(view.teams.addMember).click();

        assertThat(accountDirectory.find("alice").orElseThrow().teams()).containsExactly("team-checkout");
        assertThat(notifications()).contains("Added alice to team-checkout.");

        test(view.teams.removeMember).click();

        assertThat(accountDirectory.find("alice").orElseThrow().teams()).isEmpty();
    }

    @Test
    @WithUserDetails("admin")
    void a_bad_team_name_is_refused_next_to_the_field() {
        var view = open("teams");

        view.teams.team.setValue(null);
        test(view.teams.account).selectItem("alice");
        test(view.teams.addMember).click();

        assertThat(view.teams.team.isInvalid()).isTrue();
        assertThat(accountDirectory.find("alice").orElseThrow().teams()).isEmpty();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_changes_an_applications_owners_as_a_commit_to_its_schema() {
        var view = open("teams");
        var before = store.head();

        test(view.teams.application).selectItem("search");
        assertThat(view.teams.owners.getValue()).isEqualTo("team-discovery");
        test(view.teams.owners).setValue("team-search, team-discovery");
        test(view.teams.message).setValue("Search is shared now");
        test(view.teams.saveOwners).click();

        assertThat(store.snapshot()
                        .application(new AppName("search"))
                        .orElseThrow()
                        .schema()
                        .owners())
                .containsExactly("team-search", "team-discovery");
        assertThat(store.head()).isNotEqualTo(before);
        assertThat(notifications()).contains("Saved the owners of search.");
    }

    @Test
    @WithUserDetails("admin")
    void a_role_naming_a_team_that_owns_nothing_is_a_warning_on_the_teams_tab() {
        accounts.setRoles("alice", List.of("editor:dev", "approver:*@team-nobody"));

        var view = open("teams");

        assertThat(view.teams.warnings.isVisible()).isTrue();
        assertThat(view.teams.warnings.getElement().getTextRecursively())
                .contains(
                        "The role approver:*@team-nobody of alice names the team team-nobody, which owns no application,"
                                + " so it allows nothing yet.");
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_requires_an_owners_approval_for_production() {
        var view = open("policies");
        var production = view.policies
                .grid
                .getListDataView()
                .getItems()
                .filter(row -> row.environment.equals("production"))
                .findFirst()
                .orElseThrow();

        test(production.requireOwnerApproval).click();
        test(view.policies.save).click();

        assertThat(store.snapshot()
                        .pipeline()
                        .policy(new EnvName("production"))
                        .orElseThrow()
                        .requireOwnerApproval())
                .isTrue();
        assertThat(store.snapshot()
                        .pipeline()
                        .policy(new EnvName("staging"))
                        .orElseThrow()
                        .requireOwnerApproval())
                .isFalse();
    }

    @Test
    @WithUserDetails("admin")
    void a_users_file_broken_by_hand_is_shown_to_admins_while_the_accounts_keep_working() throws Exception {
        Path users = dataDir.resolve("users.yaml");
        String good = Files.readString(users);
        try {
            Files.writeString(users, "users: [ {username: alice\n");

            var view = open(null);

            assertThat(view.fileProblems.isVisible()).isTrue();
            assertThat(view.fileProblems.getElement().getTextRecursively())
                    .contains("users.yaml")
                    .contains("not valid YAML")
                    .contains("keep working");
            assertThat(accountDirectory.loadUserByUsername("alice").getUsername())
                    .isEqualTo("alice");
        } finally {
            Files.writeString(users, good);
        }
    }

    @Test
    @WithUserDetails("admin")
    void the_secrets_key_tab_names_the_sealing_key_and_offers_rotation() {
        var view = open("secrets");

        assertThat(view.secretsKey.state.getText())
                .startsWith("Secret values are sealed with key ")
                .contains("secrets.key in the data directory");
        test(view.secretsKey.rotate).click();
        assertThat(find(RotateSecretsKeyDialog.class).all()).hasSize(1);
    }
}
