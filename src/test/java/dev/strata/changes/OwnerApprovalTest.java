package dev.strata.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.Pipeline;
import dev.strata.secrets.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code requireOwnerApproval: true} on production, with the demo: payments is owned by team-payments,
 * bob and dave approve production without being in a team, erin ({@code approver:*@team-payments})
 * is in team-payments, carol edits everywhere.
 */
@ApiTest
class OwnerApprovalTest {

    static final String CRS = "/api/v1/change-requests";
    /** A value of its own for each proposal, so that no test's merge leaves another's proposal changing nothing. */
    static final AtomicInteger PROPOSALS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;

    private Pipeline demoPolicies;

    /** This test's copy of the demo's payments, owned by team-payments as payments is. */
    private String payments;

    private final List<Long> opened = new ArrayList<>();

    @BeforeEach
    void ownerApprovalInProduction() {
        api = new ApiClient(port);
        demoPolicies = store.snapshot().pipeline();
        payments = new DemoCopies(store, secrets).copy("payments").value();
        JsonNode policies = api.get("/api/v1/admin/policies", "admin").json();
        List<Map<String, Object>> environments = new ArrayList<>();
        for (JsonNode env : policies.get("environments")) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("name", env.get("name").asString());
            policy.put("protected", env.get("protected").asBoolean());
            policy.put("requiredApprovals", env.get("requiredApprovals").asInt());
            policy.put("requireOwnerApproval", env.get("name").asString().equals("production"));
            environments.add(policy);
        }
        Answer saved = api.send(
                "PUT",
                "/api/v1/admin/policies",
                "admin",
                Map.of(
                        "baseRevision",
                        policies.get("revision").asString(),
                        "message",
                        "Owners approve production",
                        "environments",
                        environments));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("\"requireOwnerApproval\":true");
    }

    /**
     * Puts back the demo's policies and closes what is still open, so that the classes sharing this
     * Strata neither need owners' approvals nor find these change requests waiting for them.
     */
    @AfterEach
    void putBackTheDemosPolicies() {
        opened.forEach(id -> act(id, "close", "carol"));
        if (!store.snapshot().pipeline().equals(demoPolicies)) {
            store.savePipeline(
                    demoPolicies, new Author("Test", "test@example.com"), "Restore the demo's policies", store.head());
        }
    }

    private long proposeToProduction(String app) {
        Answer proposed = api.send(
                "POST",
                CRS,
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        app,
                        "target",
                        "production",
                        "set",
                        Map.of("OWNER_TEST", "on-" + PROPOSALS.incrementAndGet()),
                        "title",
                        "A change to " + app + " in production"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
        long id = proposed.json().get("id").asLong();
        opened.add(id);
        return id;
    }

    private Answer act(long id, String action, String user) {
        return api.send("POST", CRS + "/" + id + "/" + action, user, null);
    }

    private List<Long> waitingFor(String user) {
        List<Long> ids = new ArrayList<>();
        api.get(CRS + "?state=open&waitingForMe=true", user)
                .json()
                .forEach(summary -> ids.add(summary.get("id").asLong()));
        return ids;
    }

    @Test
    void enough_approvals_without_an_owners_one_do_not_merge_and_say_so() {
        long id = proposeToProduction(payments);
        act(id, "approvals", "bob");
        Answer approved = act(id, "approvals", "dave");

        assertThat(approved.json().get("mergeable").asBoolean()).isFalse();
        assertThat(approved.json().get("blockers").valueStream().map(JsonNode::asString))
                .containsExactly("production requires an approval from a member of team-payments, the owner of "
                        + payments + "; it has none.");
        assertThat(act(id, "merge", "carol").status()).isEqualTo(409);
        assertThat(waitingFor("erin")).as("waiting for an owner").contains(id);
        assertThat(waitingFor("bob")).doesNotContain(id);

        Answer byOwner = act(id, "approvals", "erin");
        assertThat(byOwner.json().get("mergeable").asBoolean())
                .as(byOwner.body())
                .isTrue();
        Answer merged = act(id, "merge", "carol");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
    }

    @Test
    void an_owners_approval_counts_towards_the_required_approvals_too() {
        long id = proposeToProduction(payments);
        act(id, "approvals", "erin");

        Answer review = api.get(CRS + "/" + id, "carol");
        assertThat(review.json().get("blockers").valueStream().map(JsonNode::asString))
                .containsExactly("It needs 2 approvals from approver:production or approver:production@team-payments"
                        + " other than its author; it has 1 of 2.");

        assertThat(act(id, "approvals", "dave").json().get("mergeable").asBoolean())
                .isTrue();
    }

    @Test
    void an_application_without_owners_needs_no_owners_approval() {
        Answer created = api.send(
                "POST", "/api/v1/apps", "admin", Map.of("name", "orphan-of-approvals", "description", "no owners"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = proposeToProduction("orphan-of-approvals");
        act(id, "approvals", "bob");

        assertThat(act(id, "approvals", "dave").json().get("mergeable").asBoolean())
                .isTrue();
    }
}
