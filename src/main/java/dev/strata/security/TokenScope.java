package dev.strata.security;

import java.util.regex.Pattern;

/**
 * What an API token may fetch: {@code <app>:<env>}, where either side may be {@code *}.
 * Anything else (path tricks, upper case, empty sides) is refused when the token is read.
 */
public record TokenScope(String app, String env) {

    private static final Pattern SIDE = Pattern.compile("\\*|[a-z][a-z0-9-]{0,62}");

    public TokenScope {
        if (app == null || env == null || !SIDE.matcher(app).matches() || !SIDE.matcher(env).matches()) {
            throw new IllegalArgumentException("invalid scope '" + app + ":" + env
                    + "': expected <app>:<env> with names or * on either side, e.g. payments:production or *:dev");
        }
    }

    public static TokenScope parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("invalid scope '" + text
                    + "': expected <app>:<env> with names or * on either side, e.g. payments:production or *:dev");
        }
        return new TokenScope(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean covers(String application, String environment) {
        return ("*".equals(app) || app.equals(application)) && ("*".equals(env) || env.equals(environment));
    }

    /** Whether this scope reaches {@code application} in some environment. */
    public boolean coversApplication(String application) {
        return "*".equals(app) || app.equals(application);
    }

    @Override
    public String toString() {
        return app + ":" + env;
    }
}
