package dev.strata.admin;

import dev.strata.config.AppName;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.security.ApiToken;
import dev.strata.security.Person;
import dev.strata.security.TokenDirectory;
import dev.strata.security.TokenScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** API tokens for applications, managed by admins. A new token is shown once; only its hash is kept. */
@Service
public class TokenAdministration {

    private final TokenDirectory tokens;
    private final Administrators admins;
    private final ConfigStore store;

    TokenAdministration(TokenDirectory tokens, Administrators admins, ConfigStore store) {
        this.tokens = tokens;
        this.admins = admins;
        this.store = store;
    }

    /**
     * A token as admins see it: never its hash.
     *
     * @param lastUsed when an application last presented it, or {@code null}
     * @param expires  from when it is refused, or {@code null} for never
     * @param expired  whether that time has come
     */
    public record TokenSummary(String name, List<String> scopes, Instant lastUsed, Instant expires, boolean expired) {}

    /**
     * A token just made.
     *
     * @param token the token itself, which is not kept and cannot be shown again
     */
    public record IssuedToken(String name, List<String> scopes, Instant expires, String token) {}

    public List<TokenSummary> list() {
        admins.require();
        return tokens.tokens().stream().map(this::summary).toList();
    }

    /** Scopes worth offering: every application in every environment, and the wildcards. */
    public List<String> suggestedScopes() {
        admins.require();
        ConfigSnapshot snapshot = store.snapshot();
        List<String> apps =
                snapshot.applications().keySet().stream().map(AppName::value).toList();
        List<String> envs =
                snapshot.pipeline().names().stream().map(EnvName::value).toList();
        List<String> scopes = new ArrayList<>();
        for (String app : apps) {
            envs.forEach(env -> scopes.add(app + ":" + env));
            scopes.add(app + ":*");
        }
        envs.forEach(env -> scopes.add("*:" + env));
        scopes.add("*:*");
        return scopes;
    }

    public Optional<String> fileProblem() {
        admins.require();
        return tokens.fileProblem();
    }

    /** @param expires when the token stops working (ISO date or instant), or null or blank for never */
    public IssuedToken issue(String name, List<String> scopes, String expires) {
        Person admin = admins.require();
        String secret = tokens.issue(name, scopes, expires);
        admins.log(admin, "token-created", name);
        ApiToken issued = tokens.tokens().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
        return new IssuedToken(name, summary(issued).scopes(), issued.expires(), secret);
    }

    private TokenSummary summary(ApiToken token) {
        return new TokenSummary(
                token.name(),
                token.scopes().stream().map(TokenScope::toString).toList(),
                token.lastUsed(),
                token.expires(),
                tokens.expired(token));
    }

    public void revoke(String name) {
        Person admin = admins.require();
        tokens.revoke(name);
        admins.log(admin, "token-revoked", name);
    }
}
