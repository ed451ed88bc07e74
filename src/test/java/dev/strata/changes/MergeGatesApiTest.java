package dev.strata.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.AdjustableClock;
import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.FreshDataDirectory;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.Pipeline;
import dev.strata.secrets.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Soak and freeze through the HTTP API, with the demo accounts (alice edits staging, bob approves
 * staging and production, carol edits and approves everywhere, dave approves production) and a
 * clock the test moves, which dates the commits too. The tests share one Strata: each works on a copy
 * of payments of its own ({@link PaymentsCopies}) and puts back the demo's policies when it is done.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@FreshDataDirectory
@Import(AdjustableClock.Configuration.class)
class MergeGatesApiTest {

    static final String CRS = "/api/v1/change-requests";
    static final String POLICIES = "/api/v1/admin/policies";
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;
    String payments;
    Pipeline demoPolicies;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        payments = new PaymentsCopies(store, secrets).create().value();
        demoPolicies = store.snapshot().pipeline();
    }

    @AfterEach
    void restorePolicies() {
        if (!store.snapshot().pipeline().equals(demoPolicies)) {
            store.savePipeline(
                    demoPolicies, new Author("Test", "test@example.com"), "Restore the demo's policies", store.head());
        }
    }

    /** Saves production's policy with {@code gates} added to what it has. */
    private Answer gateProduction(Map<String, Object> gates) {
        JsonNode current = api.get(POLICIES, "admin").json();
        List<Map<String, Object>> environments = new ArrayList<>();
        for (JsonNode env : current.get("environments")) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("name", env.get("name").asString());
            policy.put("protected", env.get("protected").asBoolean());
            policy.put("requiredApprovals", env.get("requiredApprovals").asInt());
            if (env.get("name").asString().equals("production")) {
                policy.putAll(gates);
            }
            environments.add(policy);
        }
        return api.send(
                "PUT",
                POLICIES,
                "admin",
                Map.of(
                        "baseRevision",
                        current.get("revision").asString(),
                        "message",
                        "Gate production",
                        "environments",
                        environments));
    }

    private long open(String user, Map<String, Object> request) {
        Answer opened = api.send("POST", CRS, user, request);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("id").asLong();
    }

    private long approvedPromotion(String target, String... approvers) {
        long id = open(
                target.equals("staging") ? "alice" : "carol",
                Map.of(
                        "kind",
                        "promotion",
                        "app",
                        payments,
                        "target",
                        target,
                        "title",
                        "Promote payments to " + target));
        for (String approver : approvers) {
            Answer approved = api.send("POST", CRS + "/" + id + "/approvals", approver, null);
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        }
        return id;
    }

    private long approvedProductionEdit() {
        long id = open(
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        payments,
                        "target",
                        "production",
                        "title",
                        "Hotfix the timeout",
                        "set",
                        Map.of("TIMEOUT_MS", 4321)));
        api.send("POST", CRS + "/" + id + "/approvals", "bob", null);
        api.send("POST", CRS + "/" + id + "/approvals", "dave", null);
        return id;
    }

    private Answer merge(long id, String user, Object body) {
        return api.send("POST", CRS + "/" + id + "/merge", user, body);
    }

    @Test
    void a_promotion_into_an_environment_with_soak_merges_only_once_its_values_spent_that_long_in_the_source() {
        assertThat(gateProduction(Map.of("soak", "24h")).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        Instant reachedStaging = clock.instant();
        assertThat(merge(approvedPromotion("staging", "bob"), "alice", null).status())
                .isEqualTo(200);
        long id = approvedPromotion("production", "bob", "dave");

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        Answer held = merge(id, "carol", null);

        String from = "can merge from " + HOUR.format(reachedStaging.plus(Duration.ofHours(24))) + " UTC";
        assertThat(held.status()).isEqualTo(409);
        assertThat(held.json().get("message").asString()).contains(from);
        JsonNode review = api.get(CRS + "/" + id, "bob").json();
        assertThat(review.get("mergeable").asBoolean()).isFalse();
        assertThat(review.get("blockers").toString()).contains(from);
        assertThat(review.get("mergeableFrom").asString())
                .isEqualTo(reachedStaging.plus(Duration.ofHours(24)).toString());

        clock.advance(Duration.ofMinutes(1));
        Answer merged = merge(id, "carol", null);
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("state").asString()).isEqualTo("merged");
    }

    @Test
    void an_edit_into_an_environment_with_soak_is_not_held_and_its_review_says_so() {
        assertThat(gateProduction(Map.of("soak", "24h")).status()).isEqualTo(200);
        long id = approvedProductionEdit();

        JsonNode review = api.get(CRS + "/" + id, "bob").json();
        assertThat(review.get("notes").toString()).contains("are not promotions", "does not hold them");
        assertThat(review.get("mergeable").asBoolean()).isTrue();
        assertThat(merge(id, "carol", null).status()).isEqualTo(200);
    }

    @Test
    void a_freeze_refuses_merges_with_its_reason_and_end_and_an_admin_override_merges_and_is_recorded() {
        Instant now = clock.instant();
        assertThat(gateProduction(Map.of(
                                "freeze",
                                List.of(Map.of(
                                        "from",
                                        now.minus(Duration.ofHours(1)).toString(),
                                        "until",
                                        "2099-01-04T00:00:00Z",
                                        "reason",
                                        "year-end freeze"))))
                        .status())
                .isEqualTo(200);
        long id = approvedProductionEdit();

        Answer refused = merge(id, "carol", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asString())
                .contains("year-end freeze", "frozen until 4 Jan 2099, 00:00 UTC");

        assertThat(merge(id, "carol", Map.of("override", Map.of("reason", "INC-42 outage")))
                        .status())
                .as("only admins override")
                .isEqualTo(403);
        assertThat(merge(id, "admin", Map.of("override", Map.of("reason", " "))).status())
                .as("a reason is required")
                .isEqualTo(422);
        assertThat(merge(id, "admin", Map.of("override", Map.of("reason", "x".repeat(10_000))))
                        .status())
                .isEqualTo(422);

        Answer overridden = merge(id, "admin", Map.of("override", Map.of("reason", "INC-42 outage")));

        assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
        JsonNode mergedEvent = overridden
                .json()
                .get("events")
                .get(overridden.json().get("events").size() - 1);
        assertThat(mergedEvent.get("type").asString()).isEqualTo("merged");
        assertThat(mergedEvent.get("text").asString()).contains("year-end freeze", "INC-42 outage");
        JsonNode commit = api.get("/api/v1/history?app=" + payments + "&env=production&limit=1", "bob")
                .json()
                .get("entries")
                .get(0);
        assertThat(commit.get("message").asString()).contains("Freeze-Overridden: INC-42 outage");
        assertThat(api.get(CRS + "/" + id, "bob").json().get("events").toString())
                .as("read back from Git")
                .contains("INC-42 outage");
    }

    @Test
    void a_freeze_window_that_is_over_or_not_yet_begun_blocks_nothing() {
        Instant now = clock.instant();
        assertThat(gateProduction(Map.of(
                                "freeze",
                                List.of(
                                        Map.of(
                                                "from",
                                                now.minus(Duration.ofDays(3)).toString(),
                                                "until",
                                                now.minus(Duration.ofDays(2)).toString(),
                                                "reason",
                                                "last week's freeze"),
                                        Map.of(
                                                "from",
                                                now.plus(Duration.ofDays(2)).toString(),
                                                "until",
                                                now.plus(Duration.ofDays(3)).toString(),
                                                "reason",
                                                "next week's freeze"))))
                        .status())
                .isEqualTo(200);

        assertThat(merge(approvedProductionEdit(), "carol", null).status()).isEqualTo(200);
    }

    @Test
    void malformed_soak_and_freeze_windows_are_refused_naming_the_field() {
        Answer words = gateProduction(Map.of("soak", "24 hours"));
        assertThat(words.status()).isEqualTo(422);
        assertThat(words.body()).contains("soak");
        assertThat(gateProduction(Map.of("soak", "9999d")).status())
                .as("over 90 days")
                .isEqualTo(422);
        assertThat(gateProduction(Map.of("soak", "9".repeat(70_000) + "h")).status())
                .isEqualTo(422);
        Answer backwards = gateProduction(Map.of(
                "freeze",
                List.of(Map.of(
                        "from", "2027-01-04T00:00:00Z", "until", "2026-12-20T00:00:00Z", "reason", "year-end"))));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.body()).contains("ends after it starts");
        assertThat(gateProduction(Map.of(
                                "freeze",
                                List.of(Map.of(
                                        "from", "next monday", "until", "2026-12-20T00:00:00Z", "reason", "year-end"))))
                        .status())
                .isEqualTo(422);
        assertThat(gateProduction(Map.of(
                                "freeze",
                                List.of(Map.of(
                                        "from",
                                        "2026-12-20T00:00:00Z",
                                        "until",
                                        "2027-01-04T00:00:00Z",
                                        "reason",
                                        "line\nbreak"))))
                        .status())
                .isEqualTo(422);
        assertThat(gateProduction(Map.of(
                                "freeze",
                                List.of(Map.of("from", "2026-12-20T00:00:00Z", "until", "2027-01-04T00:00:00Z"))))
                        .status())
                .as("no reason")
                .isEqualTo(422);
    }

    @Test
    void overlapping_freeze_windows_are_kept_and_read_back_as_saved() {
        Answer saved = gateProduction(Map.of(
                "soak",
                "90m",
                "freeze",
                List.of(
                        Map.of(
                                "from",
                                "2026-12-20T00:00:00Z",
                                "until",
                                "2027-01-04T00:00:00Z",
                                "reason",
                                "year-end: all teams"),
                        Map.of(
                                "from",
                                "2026-12-31T00:00:00+01:00",
                                "until",
                                "2027-01-02T00:00:00Z",
                                "reason",
                                "\"new year\" #2"))));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode production =
                api.get(POLICIES, "admin").json().get("environments").get(2);
        assertThat(production.get("soak").asString()).isEqualTo("90m");
        assertThat(production.get("freeze").get(1).get("from").asString()).isEqualTo("2026-12-30T23:00:00Z");
        assertThat(production.get("freeze").get(1).get("reason").asString()).isEqualTo("\"new year\" #2");
        assertThat(production.get("freeze").get(0).get("reason").asString()).isEqualTo("year-end: all teams");
    }
}
