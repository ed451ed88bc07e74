package dev.strata.security;

import dev.strata.security.Role.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A signed-in person: who they are (the author of their commits), what they may do and which
 * teams they belong to. The checks here are the single source of each permission, ownership
 * included: services call them with the owners of the application before acting.
 *
 * @param teams the teams the person is a member of (users.yaml, or the single sign-on teams claim)
 */
public record Person(String username, String name, String email, Set<Role> roles, Set<String> teams) {

    public Person {
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
    }

    public boolean isAdmin() {
        return roles.stream().anyMatch(r -> r.kind() == Kind.ADMIN);
    }

    /**
     * May commit to {@code env} when it is unprotected, open change requests into it and reveal its
     * secrets, for an application owned by {@code owners} (empty when it has none).
     */
    public boolean canEdit(String env, Collection<String> owners) {
        return may(Kind.EDITOR, env, owners);
    }

    /** May approve change requests into {@code env} of an application owned by {@code owners}. */
    public boolean canApprove(String env, Collection<String> owners) {
        return may(Kind.APPROVER, env, owners);
    }

    /** Whether a role of {@code kind} reaches {@code env} of an application owned by {@code owners}. */
    public boolean may(Kind kind, String env, Collection<String> owners) {
        return roles.stream().anyMatch(r -> r.grants(kind, env, owners));
    }

    /**
     * May change the schema of an application owned by {@code owners}: admins, and the editors of
     * one of its owning teams (in any environment).
     */
    public boolean canEditSchema(Collection<String> owners) {
        return isAdmin()
                || roles.stream()
                        .anyMatch(r -> r.kind() == Kind.EDITOR && r.team() != null && owners.contains(r.team()));
    }

    /** Whether the person is a member of one of {@code owners}. */
    public boolean isOwner(Collection<String> owners) {
        return owners.stream().anyMatch(teams::contains);
    }

    /**
     * The roles that would give {@code kind} in {@code env} of an application owned by {@code owners},
     * as people write them: {@code editor:dev or editor:dev@team-payments}.
     */
    public static String needed(Kind kind, String env, Collection<String> owners) {
        String unscoped = kind.name().toLowerCase() + ":" + env;
        List<String> all = Stream.concat(
                        Stream.of(unscoped),
                        owners.stream()
                                .filter(owner -> Role.teamProblem(owner) == null)
                                .sorted()
                                .map(team -> unscoped + "@" + team))
                .toList();
        return all.size() == 1
                ? all.getFirst()
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.getLast();
    }

    /** The roles as people write them, sorted: {@code admin, editor:dev}. */
    public String rolesText() {
        return roles.stream().map(Role::toString).sorted().collect(Collectors.joining(", "));
    }
}
