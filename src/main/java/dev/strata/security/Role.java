package dev.strata.security;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * One grant from PRODUCT.md's role table: {@code admin}, {@code editor:<env>} or
 * {@code approver:<env>}, where {@code <env>} may be {@code *} for every environment, optionally
 * limited by {@code @<team>} to the applications whose schema lists that team in {@code owners}.
 *
 * @param team the team the grant is limited to, or null for every application
 */
public record Role(Kind kind, String environment, String team) {

    private static final Pattern ENVIRONMENT = Pattern.compile("\\*|[a-z][a-z0-9-]{0,62}");
    /** Team names follow the application name rule. */
    static final Pattern TEAM = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public enum Kind {
        ADMIN,
        EDITOR,
        APPROVER
    }

    public Role {
        if (kind == Kind.ADMIN
                ? environment != null || team != null
                : environment == null
                        || !ENVIRONMENT.matcher(environment).matches()
                        || (team != null && !TEAM.matcher(team).matches())) {
            throw new IllegalArgumentException(
                    "invalid role " + kind + ":" + environment + (team == null ? "" : "@" + team));
        }
    }

    public static Role admin() {
        return new Role(Kind.ADMIN, null, null);
    }

    /** Reads a role as written in users.yaml; the message of the exception says what is accepted. */
    public static Role parse(String text) {
        if ("admin".equals(text)) {
            return admin();
        }
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon > 0) {
            String rest = text.substring(colon + 1);
            int at = rest.indexOf('@');
            String env = at < 0 ? rest : rest.substring(0, at);
            Kind kind = switch (text.substring(0, colon)) {
                case "editor" -> Kind.EDITOR;
                case "approver" -> Kind.APPROVER;
                default -> null;
            };
            if (kind != null && ENVIRONMENT.matcher(env).matches()) {
                if (at < 0) {
                    return new Role(kind, env, null);
                }
                String team = rest.substring(at + 1);
                String problem = teamProblem(team);
                if (problem != null) {
                    throw new IllegalArgumentException("role '" + text + "': " + problem);
                }
                return new Role(kind, env, team);
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': expected admin, editor:<env> or approver:<env>"
                + " (<env> is an environment name or *), optionally limited to a team's applications by @<team>");
    }

    /** What is wrong with {@code team} as a team name, or null when it is fine. */
    public static String teamProblem(String team) {
        if (team == null || team.isEmpty()) {
            return "'@' must be followed by a team name, such as @team-payments";
        }
        if (!TEAM.matcher(team).matches()) {
            return "the team name '" + team + "' breaks the name rule: a lower-case letter, then up to 62 lower-case"
                    + " letters, digits or '-'";
        }
        return null;
    }

    /**
     * Whether this grant gives {@code wanted} in {@code env} on an application owned by {@code owners}:
     * a grant limited to a team reaches only the applications that team owns.
     */
    public boolean grants(Kind wanted, String env, Collection<String> owners) {
        return kind == wanted
                && (kind == Kind.ADMIN || "*".equals(environment) || environment.equals(env))
                && (team == null || owners.contains(team));
    }

    @Override
    public String toString() {
        return kind == Kind.ADMIN
                ? "admin"
                : kind.name().toLowerCase() + ":" + environment + (team == null ? "" : "@" + team);
    }
}
