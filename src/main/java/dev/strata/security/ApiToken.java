package dev.strata.security;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An application's access token as tokens.yaml keeps it: a name, the SHA-256 of the token (never
 * the token itself), what it may fetch, when it was last used ({@code null}: not yet), and from when
 * it is refused ({@code null}: never).
 */
public record ApiToken(String name, String sha256, List<TokenScope> scopes, Instant lastUsed, Instant expires) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiToken {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid token name '" + name + "': 1-100 lower-case letters, digits, '.', '_' or '-'");
        }
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("the sha256 of token '" + name + "' must be 64 lower-case hex digits");
        }
        scopes = List.copyOf(scopes);
    }

    /** Whether the token is refused at {@code now}: from the instant {@code expires} names on. */
    boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /** Whether this token may fetch {@code app}, owned by {@code owners} (empty when it has none), in {@code env}. */
    public boolean covers(String app, String env, Collection<String> owners) {
        return scopes.stream().anyMatch(scope -> scope.covers(app, env, owners));
    }

    /** Whether this token may fetch {@code app}, owned by {@code owners}, in at least one environment. */
    public boolean coversApplication(String app, Collection<String> owners) {
        return scopes.stream().anyMatch(scope -> scope.coversApplication(app, owners));
    }

    /** Whether this token may read Strata's metrics: it has the scope {@code metrics}. */
    public boolean readsMetrics() {
        return scopes.stream().anyMatch(TokenScope::isMetrics);
    }

    ApiToken usedAt(Instant time) {
        return lastUsed != null && !time.isAfter(lastUsed) ? this : new ApiToken(name, sha256, scopes, time, expires);
    }
}
