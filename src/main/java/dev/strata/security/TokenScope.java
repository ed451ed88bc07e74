package dev.strata.security;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * What an API token may fetch: {@code <app>:<env>}, where either side may be {@code *}, or
 * {@code team:<team>:<env>} for every application whose schema lists the team in {@code owners}, or
 * {@code metrics}, which fetches no configuration but may read {@code /actuator/prometheus} (a
 * scraper needs no application's values). Anything else (path tricks, upper case, empty sides) is refused when the token is read.
 *
 * @param app  the application or {@code *}; null for a team's scope and for {@code metrics}
 * @param env  the environment or {@code *}; null for {@code metrics}
 * @param team the team whose applications it reaches, or null
 */
public record TokenScope(String app, String env, String team) {

    private static final Pattern SIDE = Pattern.compile("\\*|[a-z][a-z0-9-]{0,62}");
    private static final String EXPECTED =
            "expected <app>:<env> with names or * on either side, e.g. payments:production"
                    + " or *:dev, or team:<team>:<env> for the applications a team owns, e.g. team:team-payments:*,"
                    + " or metrics to read /actuator/prometheus";

    /** Reads Strata's metrics ({@code /actuator/prometheus}) and fetches no configuration. */
    public static final TokenScope METRICS = new TokenScope(null, null, null);

    public TokenScope {
        boolean valid = app == null && env == null && team == null
                || env != null
                        && SIDE.matcher(env).matches()
                        && (team == null
                                ? app != null && SIDE.matcher(app).matches()
                                : app == null && Role.teamProblem(team) == null);
        if (!valid) {
            throw new IllegalArgumentException(
                    "invalid scope '" + (team == null ? app : "team:" + team) + ":" + env + "': " + EXPECTED);
        }
    }

    public TokenScope(String app, String env) {
        this(app, env, null);
    }

    public static TokenScope parse(String text) {
        if ("metrics".equals(text)) {
            return METRICS;
        }
        int colon = text == null ? -1 : text.indexOf(':');
        int second = colon < 0 ? -1 : text.indexOf(':', colon + 1);
        if (second >= 0 && text.substring(0, colon).equals("team") && text.indexOf(':', second + 1) < 0) {
            return new TokenScope(null, text.substring(second + 1), text.substring(colon + 1, second));
        }
        if (colon < 0 || second >= 0) {
            throw new IllegalArgumentException("invalid scope '" + text + "': " + EXPECTED);
        }
        return new TokenScope(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether it reaches {@code application}, owned by {@code owners}, in {@code environment}. */
    public boolean covers(String application, String environment, Collection<String> owners) {
        return coversApplication(application, owners) && ("*".equals(env) || env.equals(environment));
    }

    /** Whether this scope reaches {@code application}, owned by {@code owners}, in some environment. */
    public boolean coversApplication(String application, Collection<String> owners) {
        if (isMetrics()) {
            return false;
        }
        return team != null ? owners.contains(team) : "*".equals(app) || app.equals(application);
    }

    /** Whether this is the {@code metrics} scope. */
    public boolean isMetrics() {
        return env == null;
    }

    @Override
    public String toString() {
        if (isMetrics()) {
            return "metrics";
        }
        return (team == null ? app : "team:" + team) + ":" + env;
    }
}
