package dev.strata.admin;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.ValidationException;
import dev.strata.security.Account;
import dev.strata.security.AccountDirectory;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Teams, managed by admins. A team is no file of its own: it is a name that applications list in
 * {@code owners} and that accounts carry in {@code teams} or in roles limited by {@code @<team>}.
 * Members of local accounts are changed in users.yaml; owners as a commit to the schema by the admin.
 */
@Service
public class TeamAdministration {

    private final AccountDirectory accounts;
    private final Administrators admins;
    private final ConfigStore store;

    TeamAdministration(AccountDirectory accounts, Administrators admins, ConfigStore store) {
        this.accounts = accounts;
        this.admins = admins;
        this.store = store;
    }

    /**
     * One team as admins see it.
     *
     * @param members      the people in it: local accounts and single sign-on people as of their last sign-in
     * @param applications the applications whose schema lists it in {@code owners}
     * @param roles        the roles limited to it, with whose they are ({@code erin: editor:*@team-payments})
     */
    public record TeamSummary(String name, List<String> members, List<String> applications, List<String> roles) {}

    /** Every team named by an application's owners, an account's teams or a role's {@code @<team>}, by name. */
    public List<TeamSummary> teams() {
        admins.require();
        SortedMap<String, SortedSet<String>> members = new TreeMap<>();
        SortedMap<String, SortedSet<String>> applications = new TreeMap<>();
        SortedMap<String, SortedSet<String>> roles = new TreeMap<>();
        ownedApplications(store.snapshot()).forEach((team, apps) -> applications.put(team, new TreeSet<>(apps)));
        for (Account account : accounts.accounts()) {
            account.teams()
                    .forEach(team ->
                            members.computeIfAbsent(team, t -> new TreeSet<>()).add(account.username()));
            for (Role role : account.roles()) {
                if (role.team() != null) {
                    roles.computeIfAbsent(role.team(), t -> new TreeSet<>()).add(account.username() + ": " + role);
                }
            }
        }
        accounts.singleSignOnTeams()
                .forEach((username, teams) -> teams.forEach(team ->
                        members.computeIfAbsent(team, t -> new TreeSet<>()).add(username)));
        TreeSet<String> names = new TreeSet<>(applications.keySet());
        names.addAll(members.keySet());
        names.addAll(roles.keySet());
        return names.stream()
                .map(name -> new TeamSummary(
                        name,
                        List.copyOf(members.getOrDefault(name, new TreeSet<>())),
                        List.copyOf(applications.getOrDefault(name, new TreeSet<>())),
                        List.copyOf(roles.getOrDefault(name, new TreeSet<>()))))
                .toList();
    }

    /**
     * Roles limited to a team that owns no application: they reach nothing, which is most likely a
     * typing mistake or a team that has not been given its applications yet. A warning, not a failure.
     */
    public List<String> warnings() {
        admins.require();
        var owned = ownedApplications(store.snapshot()).keySet();
        List<String> warnings = new ArrayList<>();
        for (Account account : accounts.accounts()) {
            for (Role role : account.roles()) {
                if (role.team() != null && !owned.contains(role.team())) {
                    warnings.add("The role " + role + " of " + account.username() + " names the team " + role.team()
                            + ", which owns no application, so it allows nothing yet.");
                }
            }
        }
        return warnings;
    }

    /** Adds the local account {@code username} to {@code team}. */
    public void addMember(String team, String username) {
        Person admin = admins.require();
        checkName(team);
        Account account = account(username);
        if (!account.teams().contains(team)) {
            List<String> teams = new ArrayList<>(account.teams());
            teams.add(team);
            accounts.setTeams(username, teams);
        }
        admins.log(admin, "team-member-added", team + ":" + username);
    }

    /** Removes the local account {@code username} from {@code team}. */
    public void removeMember(String team, String username) {
        Person admin = admins.require();
        Account account = account(username);
        List<String> teams = new ArrayList<>(account.teams());
        if (!teams.remove(team)) {
            throw new ValidationException("team", username + " is not a member of " + team + ".");
        }
        accounts.setTeams(username, teams);
        admins.log(admin, "team-member-removed", team + ":" + username);
    }

    /**
     * Gives {@code app} the owners {@code owners}, as a commit to its schema authored by the admin;
     * an admin may leave it without owners (then only roles without {@code @<team>} reach it).
     *
     * @throws ValidationException when an owner breaks the team name rule
     */
    public Revision setOwners(AppName app, List<String> owners, String message) {
        Person admin = admins.require();
        owners.forEach(TeamAdministration::checkName);
        ConfigSnapshot head = store.snapshot();
        Schema current = head.application(app)
                .map(Application::schema)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
        var next = current.with(current.description(), List.copyOf(new LinkedHashSet<>(owners)), current.keys());
        String why = message == null || message.isBlank()
                ? (owners.isEmpty()
                        ? "Leave " + app + " without owners"
                        : "Owners of " + app + ": " + String.join(", ", next.owners()))
                : message.strip();
        Revision saved = store.saveSchema(app, next, new Author(admin.name(), admin.email()), why, head.revision());
        admins.log(admin, "owners-changed", app.value());
        return saved;
    }

    /** Every application with its owners, by name. */
    public Map<String, List<String>> owners() {
        admins.require();
        Map<String, List<String>> owners = new TreeMap<>();
        store.snapshot()
                .applications()
                .forEach((app, application) ->
                        owners.put(app.value(), application.schema().owners()));
        return owners;
    }

    /** The applications each team owns, by team. */
    private static Map<String, List<String>> ownedApplications(ConfigSnapshot snapshot) {
        Map<String, List<String>> owned = new TreeMap<>();
        snapshot.applications()
                .forEach((app, application) -> application.schema().owners().stream()
                        .filter(owner -> Role.teamProblem(owner) == null)
                        .forEach(team -> owned.computeIfAbsent(team, t -> new ArrayList<>())
                                .add(app.value())));
        return owned;
    }

    private Account account(String username) {
        return accounts.find(username)
                .orElseThrow(() -> new NotFoundException("There is no local account '" + username
                        + "'; the teams of people who sign in with single sign-on come from their identity provider."));
    }

    private static void checkName(String team) {
        String problem = team == null || team.isBlank() ? "name the team" : Role.teamProblem(team);
        if (problem != null) {
            throw new ValidationException("team", problem);
        }
    }
}
