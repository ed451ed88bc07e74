package dev.strata.admin;

import dev.strata.security.ApiToken;
import dev.strata.security.Person;
import dev.strata.security.TokenDirectory;
import dev.strata.security.TokenScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** API tokens for applications, managed by admins. A new token is shown once; only its hash is kept. */
@Service
public class TokenAdministration {

    private final TokenDirectory tokens;
    private final Administrators admins;

    TokenAdministration(TokenDirectory tokens, Administrators admins) {
        this.tokens = tokens;
        this.admins = admins;
    }

    /**
     * A token as admins see it: never its hash.
     *
     * @param lastUsed when an application last presented it, or {@code null}
     */
    public record TokenSummary(String name, List<String> scopes, Instant lastUsed) {

        static TokenSummary of(ApiToken token) {
            return new TokenSummary(token.name(), token.scopes().stream().map(TokenScope::toString).toList(), token.lastUsed());
        }
    }

    /**
     * A token just made.
     *
     * @param token the token itself, which is not kept and cannot be shown again
     */
    public record IssuedToken(String name, List<String> scopes, String token) {
    }

    public List<TokenSummary> list() {
        admins.require();
        return tokens.tokens().stream().map(TokenSummary::of).toList();
    }

    public Optional<String> fileProblem() {
        admins.require();
        return tokens.fileProblem();
    }

    public IssuedToken issue(String name, List<String> scopes) {
        Person admin = admins.require();
        String secret = tokens.issue(name, scopes);
        admins.log(admin, "token-created", name);
        ApiToken issued = tokens.tokens().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        return new IssuedToken(name, TokenSummary.of(issued).scopes(), secret);
    }

    public void revoke(String name) {
        Person admin = admins.require();
        tokens.revoke(name);
        admins.log(admin, "token-revoked", name);
    }
}
