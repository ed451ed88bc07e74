package dev.strata.security;

import java.util.regex.Pattern;

/**
 * One grant from PRODUCT.md's role table: {@code admin}, {@code editor:<env>} or
 * {@code approver:<env>}, where {@code <env>} may be {@code *} for every environment.
 */
public record Role(Kind kind, String environment) {

    private static final Pattern ENVIRONMENT = Pattern.compile("\\*|[a-z][a-z0-9-]{0,62}");

    public enum Kind { ADMIN, EDITOR, APPROVER }

    public Role {
        if (kind == Kind.ADMIN ? environment != null : environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw new IllegalArgumentException("invalid role " + kind + ":" + environment);
        }
    }

    public static Role admin() {
        return new Role(Kind.ADMIN, null);
    }

    /** Reads a role as written in users.yaml; the message of the exception says what is accepted. */
    public static Role parse(String text) {
        if ("admin".equals(text)) {
            return admin();
        }
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon > 0) {
            String env = text.substring(colon + 1);
            Kind kind = switch (text.substring(0, colon)) {
                case "editor" -> Kind.EDITOR;
                case "approver" -> Kind.APPROVER;
                default -> null;
            };
            if (kind != null && ENVIRONMENT.matcher(env).matches()) {
                return new Role(kind, env);
            }
        }
        throw new IllegalArgumentException("unknown role '" + text
                + "': expected admin, editor:<env> or approver:<env> (<env> is an environment name or *)");
    }

    /** Whether this grant gives {@code kind} in {@code env}. */
    public boolean grants(Kind wanted, String env) {
        return kind == wanted && (kind == Kind.ADMIN || "*".equals(environment) || environment.equals(env));
    }

    @Override
    public String toString() {
        return kind == Kind.ADMIN ? "admin" : kind.name().toLowerCase() + ":" + environment;
    }
}
