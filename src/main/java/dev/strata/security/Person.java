package dev.strata.security;

import dev.strata.security.Role.Kind;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A signed-in person: who they are (the author of their commits) and what they may do.
 * The checks here are the single source of each permission; services call them before acting.
 */
public record Person(String username, String name, String email, Set<Role> roles) {

    public Person {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.stream().anyMatch(r -> r.kind() == Kind.ADMIN);
    }

    /** May commit to {@code env} when it is unprotected, open change requests into it and reveal its secrets. */
    public boolean canEdit(String env) {
        return has(Kind.EDITOR, env);
    }

    public boolean canApprove(String env) {
        return has(Kind.APPROVER, env);
    }

    private boolean has(Kind kind, String env) {
        return roles.stream().anyMatch(r -> r.grants(kind, env));
    }

    /** The roles as people write them, sorted: {@code admin, editor:dev}. */
    public String rolesText() {
        return roles.stream().map(Role::toString).sorted().collect(Collectors.joining(", "));
    }
}
