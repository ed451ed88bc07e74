package dev.strata.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Revision;
import dev.strata.config.ValidationException;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/admin}: accounts, API tokens and environment policies, for admins. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    private final AccountAdministration accounts;
    private final TokenAdministration tokens;
    private final PolicyAdministration policies;

    AdminController(AccountAdministration accounts, TokenAdministration tokens, PolicyAdministration policies) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.policies = policies;
    }

    @GetMapping("/accounts")
    List<AccountAdministration.AccountSummary> accounts() {
        return accounts.list();
    }

    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    AccountAdministration.AccountSummary create(@RequestBody NewAccount request) {
        accounts.create(request.username(), request.name(), request.email(), request.password(), request.roles());
        return find(request.username());
    }

    /** Changes what is given: roles, teams, disabled, password (a reset). */
    @PatchMapping("/accounts/{username}")
    AccountAdministration.AccountSummary change(@PathVariable String username, @RequestBody AccountChange request) {
        if (request.roles() != null) {
            accounts.setRoles(username, request.roles());
        }
        if (request.teams() != null) {
            accounts.setTeams(username, request.teams());
        }
        if (request.disabled() != null) {
            accounts.setDisabled(username, request.disabled());
        }
        if (request.password() != null) {
            accounts.resetPassword(username, request.password());
        }
        return find(username);
    }

    private AccountAdministration.AccountSummary find(String username) {
        return accounts.list().stream()
                .filter(a -> a.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    @GetMapping("/tokens")
    List<TokenAdministration.TokenSummary> tokens() {
        return tokens.list();
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    TokenAdministration.IssuedToken issue(@RequestBody NewToken request) {
        return tokens.issue(request.name(), request.scopes(), request.expires());
    }

    @DeleteMapping("/tokens/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String name) {
        tokens.revoke(name);
    }

    @GetMapping("/policies")
    Policies policies() {
        return Policies.of(policies.current());
    }

    @PutMapping("/policies")
    Policies savePolicies(@RequestBody PolicyChange request) {
        if (request.baseRevision() == null || request.environments() == null) {
            throw new ValidationException("baseRevision", "baseRevision and environments are required");
        }
        List<EnvironmentPolicy> given = request.environments().stream()
                .map(env -> new EnvironmentPolicy(
                        new EnvName(env.name()),
                        Boolean.TRUE.equals(env.isProtected()),
                        env.requiredApprovals() == null ? 0 : env.requiredApprovals(),
                        Boolean.TRUE.equals(env.requireOwnerApproval()),
                        env.soak() == null || env.soak().isBlank()
                                ? Duration.ZERO
                                : EnvironmentPolicy.parseSoak(env.soak()),
                        env.freeze() == null
                                ? List.of()
                                : env.freeze().stream().map(FreezeJson::window).toList()))
                .toList();
        policies.save(new Revision(request.baseRevision()), given, request.message());
        return Policies.of(policies.current());
    }

    record NewAccount(String username, String name, String email, String password, List<String> roles) {}

    record AccountChange(List<String> roles, Boolean disabled, String password, List<String> teams) {}

    /** @param expires when the token stops working (ISO date or instant), or null for never */
    record NewToken(String name, List<String> scopes, String expires) {}

    record PolicyChange(String baseRevision, String message, List<PolicyRequest> environments) {}

    /** One environment's policy as strata.yaml writes it. */
    record PolicyRequest(
            String name,
            @JsonProperty("protected") Boolean isProtected,
            Integer requiredApprovals,
            Boolean requireOwnerApproval,
            String soak,
            List<FreezeJson> freeze) {}

    /** One freeze window: ISO-8601 instants and a reason. */
    record FreezeJson(String from, String until, String reason) {

        FreezeWindow window() {
            return new FreezeWindow(
                    EnvironmentPolicy.parseInstant("from", from),
                    EnvironmentPolicy.parseInstant("until", until),
                    reason);
        }

        static FreezeJson of(FreezeWindow window) {
            return new FreezeJson(window.from().toString(), window.until().toString(), window.reason());
        }
    }

    record Policies(String revision, List<PolicyRequest> environments) {

        static Policies of(PolicyAdministration.Policies policies) {
            return new Policies(
                    policies.revision().id(),
                    policies.environments().stream()
                            .map(p -> new PolicyRequest(
                                    p.name().value(),
                                    p.isProtected(),
                                    p.requiredApprovals(),
                                    p.requireOwnerApproval(),
                                    p.soak().isZero() ? null : EnvironmentPolicy.formatSoak(p.soak()),
                                    p.freeze().stream().map(FreezeJson::of).toList()))
                            .toList());
        }
    }
}
