package dev.strata.admin;

import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.ValidationException;
import dev.strata.security.Account;
import dev.strata.security.AccountDirectory;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Local accounts, managed by admins: create, roles, disable, reset the password. */
@Service
public class AccountAdministration {

    private final AccountDirectory accounts;
    private final Administrators admins;
    private final ConfigStore store;

    AccountAdministration(AccountDirectory accounts, Administrators admins, ConfigStore store) {
        this.accounts = accounts;
        this.admins = admins;
        this.store = store;
    }

    /**
     * The roles worth offering: admin, editor and approver of every environment and of all, and of
     * all environments of the applications each owning team owns.
     */
    public List<String> suggestedRoles() {
        admins.require();
        List<String> roles = new ArrayList<>(List.of("admin", "editor:*", "approver:*"));
        var snapshot = store.snapshot();
        for (EnvName env : snapshot.pipeline().names()) {
            roles.add("editor:" + env.value());
            roles.add("approver:" + env.value());
        }
        snapshot.applications().values().stream()
                .flatMap(application -> application.schema().owners().stream())
                .filter(owner -> Role.teamProblem(owner) == null)
                .distinct()
                .sorted()
                .forEach(team -> {
                    roles.add("editor:*@" + team);
                    roles.add("approver:*@" + team);
                });
        return roles;
    }

    /**
     * An account as admins see it: never its password hash.
     *
     * @param roles the roles as people write them, such as {@code editor:dev}
     * @param teams the teams the account is a member of
     */
    public record AccountSummary(
            String username, String name, String email, List<String> roles, boolean disabled, List<String> teams) {

        static AccountSummary of(Account account) {
            return new AccountSummary(
                    account.username(),
                    account.name(),
                    account.email(),
                    account.roles().stream().map(Role::toString).sorted().toList(),
                    account.disabled(),
                    account.teams().stream().sorted().toList());
        }
    }

    public List<AccountSummary> list() {
        admins.require();
        return accounts.accounts().stream().map(AccountSummary::of).toList();
    }

    /** What is wrong with users.yaml as it is on disk now, if anything; the accounts read before stay in force. */
    public Optional<String> fileProblem() {
        admins.require();
        return accounts.fileProblem();
    }

    public void create(String username, String name, String email, String password, List<String> roles) {
        Person admin = admins.require();
        accounts.create(username, name, email, password, roles(roles));
        admins.log(admin, "account-created", username);
    }

    public void setRoles(String username, List<String> roles) {
        Person admin = admins.require();
        List<Role> parsed = roles(roles);
        if (admin.username().equals(username) && parsed.stream().noneMatch(role -> role.kind() == Role.Kind.ADMIN)) {
            throw new ValidationException("roles", "You cannot take the admin role from yourself; ask another admin.");
        }
        accounts.setRoles(username, parsed);
        admins.log(admin, "roles-changed", username);
    }

    /** Sets the teams of a local account; each follows the team name rule. */
    public void setTeams(String username, List<String> teams) {
        Person admin = admins.require();
        List<String> checked = new ArrayList<>();
        for (String team : teams) {
            String problem = Role.teamProblem(team == null ? null : team.strip());
            if (problem != null) {
                throw new ValidationException("teams", problem);
            }
            if (!checked.contains(team.strip())) {
                checked.add(team.strip());
            }
        }
        accounts.setTeams(username, checked);
        admins.log(admin, "teams-changed", username);
    }

    public void setDisabled(String username, boolean disabled) {
        Person admin = admins.require();
        String refusal = disabled ? disableRefusal(admin, username) : null;
        if (refusal != null) {
            throw new ValidationException("disabled", refusal);
        }
        accounts.setDisabled(username, disabled);
        admins.log(admin, disabled ? "account-disabled" : "account-enabled", username);
    }

    /** Why the signed-in admin may not disable {@code username}, or null when they may. */
    public String disableRefusal(String username) {
        return disableRefusal(admins.require(), username);
    }

    private static String disableRefusal(Person admin, String username) {
        return admin.username().equals(username) ? "You cannot disable your own account; ask another admin." : null;
    }

    public void resetPassword(String username, String password) {
        Person admin = admins.require();
        accounts.resetPassword(username, password);
        admins.log(admin, "password-reset", username);
    }

    private static List<Role> roles(List<String> texts) {
        List<Role> roles = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            try {
                Role role = Role.parse(text == null ? null : text.strip());
                if (!roles.contains(role)) {
                    roles.add(role);
                }
            } catch (IllegalArgumentException e) {
                throw new ValidationException("roles", e.getMessage());
            }
        }
        return roles;
    }
}
