package dev.strata.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Change requests through the HTTP API of PRODUCT.md, against a running Strata with the demo data:
 * alice edits dev and staging, bob approves staging and production, carol edits and approves
 * everywhere, dave approves production. Each test works on a copy of the demo's payments of its own
 * ({@link PaymentsCopies}), so that what one merges is no other's starting point.
 */
@ApiTest
@FreshDataDirectory
// writes give up sooner than in production, so that the half-failed merge does not sit out ten seconds
@TestPropertySource(properties = "strata.write-patience=2s")
class ChangeRequestApiTest {

    static final String CRS = "/api/v1/change-requests";

    @LocalServerPort
    int port;

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;

    /** This test's copy of payments. */
    String app;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        app = new PaymentsCopies(store, secrets).create().value();
    }

    private Answer post(String path, String user, Object body) {
        return api.send("POST", path, user, body);
    }

    private long promote(String user, String target) {
        Answer opened = post(
                CRS,
                user,
                Map.of("kind", "promotion", "app", app, "target", target, "title", "Promote payments to " + target));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("id").asLong();
    }

    private Answer act(long id, String action, String user) {
        return post(CRS + "/" + id + "/" + action, user, null);
    }

    private String setting(String env, String key) {
        JsonNode value = api.get("/api/v1/apps/" + app + "/envs/" + env + "/settings", "carol")
                .json()
                .get("settings")
                .get(key);
        return value == null ? null : value.asString();
    }

    private JsonNode lastCommit(String env) {
        return api.get("/api/v1/history?app=" + app + "&env=" + env + "&limit=1", "bob")
                .json()
                .get("entries")
                .get(0);
    }

    @Test
    void a_promotion_is_opened_approved_by_someone_else_and_merged_as_one_commit_with_trailers() {
        Answer opened = post(
                CRS,
                "alice",
                Map.of(
                        "kind",
                        "promotion",
                        "app",
                        app,
                        "target",
                        "staging",
                        "title",
                        "Longer logs and the dev timeout",
                        "description",
                        "QA asked for DEBUG."));

        assertThat(opened.status()).isEqualTo(201);
        JsonNode review = opened.json();
        long id = review.get("id").asLong();
        assertThat(review.get("state").asString()).isEqualTo("open");
        assertThat(review.get("source").asString()).isEqualTo("dev");
        assertThat(review.get("changes")
                        .valueStream()
                        .map(c -> c.get("key").asString() + ":"
                                + (c.get("current").isNull()
                                        ? "(not set)"
                                        : c.get("current").asString()) + "→"
                                + c.get("proposed").asString()))
                .as("keys differing between dev and staging, envSpecific DATABASE_URL and DATABASE_PASSWORD left out")
                .containsExactly("HTTP_TIMEOUT:(not set)→10s", "LOG_LEVEL:INFO→DEBUG");
        assertThat(review.get("mergeable").asBoolean()).isFalse();
        assertThat(review.get("blockers").get(0).asString()).contains("0 of 1");

        Answer own = act(id, "approvals", "alice");
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("message").asString()).contains("someone else");
        assertThat(act(id, "merge", "alice").status()).as("not approved yet").isEqualTo(409);

        Answer approved = act(id, "approvals", "bob");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json()
                        .get("approvals")
                        .get(0)
                        .get("actor")
                        .get("username")
                        .asString())
                .isEqualTo("bob");
        assertThat(approved.json().get("mergeable").asBoolean()).isTrue();

        Answer merged = act(id, "merge", "alice");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("state").asString()).isEqualTo("merged");
        assertThat(setting("staging", "LOG_LEVEL")).isEqualTo("DEBUG");
        assertThat(setting("staging", "HTTP_TIMEOUT")).isEqualTo("10s");

        JsonNode commit = lastCommit("staging");
        assertThat(commit.get("revision").asString())
                .isEqualTo(merged.json().get("mergedRevision").asString());
        assertThat(commit.get("author").asString()).isEqualTo("Alice Liddell");
        assertThat(commit.get("message").asString())
                .startsWith("Longer logs and the dev timeout\n\nQA asked for DEBUG.")
                .contains("Change-Request: " + id, "Approved-by: Bob Builder <bob@example.com>");
        assertThat(commit.get("changeRequest").asLong())
                .as("the history links the merge to its review")
                .isEqualTo(id);
        assertThat(commit.get("approvedBy").get(0).asString()).isEqualTo("Bob Builder <bob@example.com>");
        assertThat(merged.json()
                        .get("events")
                        .valueStream()
                        .map(e -> e.get("type").asString()))
                .containsExactly("opened", "approved", "merged");
    }

    @Test
    void production_needs_two_approvals_from_two_different_people() {
        long id = promote("carol", "production");
        JsonNode changes = api.get(CRS + "/" + id, "bob").json().get("changes");
        assertThat(changes.valueStream()
                        .map(c ->
                                c.get("key").asString() + ":" + c.get("change").asString()))
                .as("staging has no HTTP_TIMEOUT of its own, so production's 10s goes and the default applies")
                .containsExactly("FEATURE_NEW_CHECKOUT:added", "HTTP_TIMEOUT:removed", "LOG_LEVEL:changed");

        assertThat(act(id, "approvals", "bob").json().get("approvals")).hasSize(1);
        assertThat(act(id, "approvals", "bob").json().get("approvals"))
                .as("approving twice counts once")
                .hasSize(1);
        Answer notYet = act(id, "merge", "carol");
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.json().get("message").asString()).contains("1 of 2");

        assertThat(act(id, "approvals", "dave").json().get("mergeable").asBoolean())
                .isTrue();
        assertThat(act(id, "merge", "carol").status()).isEqualTo(200);
        assertThat(setting("production", "HTTP_TIMEOUT")).isNull();
        assertThat(setting("production", "FEATURE_NEW_CHECKOUT")).isEqualTo("true");
        assertThat(lastCommit("production").get("message").asString())
                .contains("Approved-by: Bob Builder <bob@example.com>", "Approved-by: Dave Lister <dave@example.com>");
    }

    @Test
    void a_conflicting_change_blocks_the_merge_until_a_refresh_which_resets_the_approvals() {
        long promotion = promote("alice", "staging");
        assertThat(act(promotion, "approvals", "bob").status()).isEqualTo(200);

        Answer hotfix = post(
                CRS,
                "alice",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        app,
                        "target",
                        "staging",
                        "title",
                        "WARN in staging",
                        "set",
                        Map.of("LOG_LEVEL", "WARN")));
        assertThat(hotfix.status()).as(hotfix.body()).isEqualTo(201);
        long edit = hotfix.json().get("id").asLong();
        assertThat(act(edit, "approvals", "carol").status()).isEqualTo(200);
        assertThat(act(edit, "merge", "carol").status()).isEqualTo(200);

        JsonNode conflicted = api.get(CRS + "/" + promotion, "alice").json();
        assertThat(conflicted.get("conflicts").valueStream().map(JsonNode::asString))
                .containsExactly("LOG_LEVEL");
        assertThat(conflicted.get("mergeable").asBoolean()).isFalse();
        Answer refused = act(promotion, "merge", "alice");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asString()).contains("LOG_LEVEL", "refresh");

        Answer refreshed = act(promotion, "refresh", "alice");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("conflicts")).isEmpty();
        assertThat(refreshed.json().get("approvals"))
                .as("a refresh discards approvals")
                .isEmpty();
        assertThat(refreshed
                        .json()
                        .get("changes")
                        .valueStream()
                        .filter(c -> c.get("key").asString().equals("LOG_LEVEL"))
                        .findFirst()
                        .orElseThrow()
                        .get("current")
                        .asString())
                .isEqualTo("WARN");
        assertThat(act(promotion, "merge", "alice").status()).isEqualTo(409);
        assertThat(act(promotion, "approvals", "bob").status()).isEqualTo(200);
        assertThat(act(promotion, "merge", "alice").status()).isEqualTo(200);
        assertThat(setting("staging", "LOG_LEVEL")).isEqualTo("DEBUG");
    }

    @Test
    void two_reviewers_approving_at_the_same_instant_both_count() throws Exception {
        long id = promote("carol", "production");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (String approver : List.of("bob", "dave")) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return act(id, "approvals", approver);
                }));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(api.get(CRS + "/" + id, "carol")
                        .json()
                        .get("approvals")
                        .valueStream()
                        .map(a -> a.get("actor").get("username").asString()))
                .containsExactlyInAnyOrder("bob", "dave");
    }

    @Test
    void merging_twice_at_once_makes_exactly_one_merge_commit() throws Exception {
        long id = promote("alice", "staging");
        act(id, "approvals", "bob");
        String before = lastCommit("staging").get("revision").asString();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (String merger : List.of("alice", "carol")) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return act(id, "merge", merger);
                }));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                statuses.add(answer.get().status());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        JsonNode history = api.get("/api/v1/history?app=" + app + "&env=staging&limit=5", "bob")
                .json()
                .get("entries");
        assertThat(history.get(1).get("revision").asString())
                .as("one commit on top of what was there")
                .isEqualTo(before);
    }

    @Test
    void a_merge_that_fails_half_way_leaves_neither_the_change_on_main_nor_the_request_merged() throws Exception {
        long id = promote("alice", "staging");
        act(id, "approvals", "bob");
        String before = lastCommit("staging").get("revision").asString();
        // the review record stays locked for longer than a write waits, as if the process died between the two refs
        Path lock = Files.createDirectories(dataDir.resolve("config.git/refs/strata/changes/" + id + ".lock"));
        Files.writeString(lock.resolve("held"), "by a writer that never finishes");

        assertThat(act(id, "merge", "alice").status()).isEqualTo(503);

        assertThat(lastCommit("staging").get("revision").asString())
                .as("nothing reached staging")
                .isEqualTo(before);
        assertThat(api.get(CRS + "/" + id, "carol").json().get("state").asString())
                .isEqualTo("open");
        Files.delete(lock.resolve("held"));
        Files.delete(lock);
        Answer merged = act(id, "merge", "alice");
        assertThat(merged.json().get("state").asString()).isEqualTo("merged");
        assertThat(lastCommit("staging").get("message").asString()).contains("Change-Request: " + id);
    }

    @Test
    void closing_is_final_for_reviews_until_reopened_and_a_merged_request_stays_merged() {
        long id = promote("alice", "staging");
        assertThat(act(id, "close", "dave").status())
                .as("dave has no role in staging")
                .isEqualTo(403);
        assertThat(act(id, "approvals", "bob").status()).isEqualTo(200);
        assertThat(act(id, "close", "bob").json().get("state").asString()).isEqualTo("closed");

        assertThat(act(id, "approvals", "carol").status()).isEqualTo(409);
        assertThat(act(id, "merge", "alice").status()).isEqualTo(409);
        assertThat(act(id, "close", "alice").status()).isEqualTo(409);

        Answer reopened = act(id, "reopen", "alice");
        assertThat(reopened.json().get("state").asString()).isEqualTo("open");
        assertThat(reopened.json().get("approvals"))
                .as("approvals from before the close no longer count")
                .isEmpty();
        act(id, "approvals", "bob");
        assertThat(act(id, "merge", "alice").status()).isEqualTo(200);
        assertThat(act(id, "reopen", "alice").status()).isEqualTo(409);
        assertThat(act(id, "close", "alice").status()).isEqualTo(409);
        assertThat(act(id, "approvals", "carol").status())
                .as("approving a merged request")
                .isEqualTo(409);
    }

    @Test
    void lists_filter_by_state_application_target_author_and_what_waits_for_me() {
        long staging = promote("alice", "staging");
        long production = promote("carol", "production");
        act(staging, "close", "alice");

        assertThat(ids(api.get(CRS + "?state=open&app=" + app, "bob"))).containsExactly(production);
        assertThat(ids(api.get(CRS + "?state=closed&app=" + app, "bob"))).containsExactly(staging);
        assertThat(ids(api.get(CRS + "?state=all&author=alice&app=" + app, "bob")))
                .containsExactly(staging);
        assertThat(ids(api.get(CRS + "?state=all&target=production&app=" + app, "bob")))
                .containsExactly(production);
        assertThat(ids(api.get(CRS + "?state=open&waitingForMe=true&app=" + app, "dave")))
                .containsExactly(production);
        assertThat(ids(api.get(CRS + "?state=open&waitingForMe=true&app=" + app, "carol")))
                .as("her own")
                .isEmpty();
        assertThat(ids(api.get(CRS + "?app=checkout", "carol")))
                .as("the demo's review of checkout")
                .hasSize(1);
        assertThat(api.get(CRS + "?state=maybe", "bob").status()).isEqualTo(422);
    }

    private static List<Long> ids(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().valueStream().map(node -> node.get("id").asLong()).toList();
    }

    @Test
    void ids_are_sequential_and_unknown_or_malformed_ids_are_errors() {
        long first = promote("alice", "staging");
        long second = promote("carol", "production");
        assertThat(second).isEqualTo(first + 1);

        assertThat(api.get(CRS + "/999", "bob").status()).isEqualTo(404);
        assertThat(api.get(CRS + "/999", "bob").json().get("error").asString()).isEqualTo("not_found");
        assertThat(api.get(CRS + "/abc", "bob").status()).isEqualTo(400);
        assertThat(act(999, "approvals", "bob").status()).isEqualTo(404);
        assertThat(api.get(CRS + "/" + first, null).status()).isEqualTo(401);
    }

    @Test
    void comments_are_kept_as_written_and_huge_ones_are_refused() {
        long id = promote("alice", "staging");
        String html = "<script>alert('x')</script> <b>looks fine</b>";
        Answer commented = post(CRS + "/" + id + "/comments", "dave", Map.of("text", html));
        assertThat(commented.status()).isEqualTo(201);
        assertThat(commented.json().get("comments").get(0).get("text").asString())
                .isEqualTo(html);
        assertThat(commented
                        .json()
                        .get("comments")
                        .get(0)
                        .get("actor")
                        .get("name")
                        .asString())
                .isEqualTo("Dave Lister");

        Answer tooLong = post(CRS + "/" + id + "/comments", "dave", Map.of("text", "x".repeat(10_001)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("message").asString()).contains("at most");
        Answer huge = post(CRS + "/" + id + "/comments", "dave", Map.of("text", "x".repeat(1_000_000)));
        assertThat(huge.status()).as("refused unread, by the size of its body").isEqualTo(413);
        assertThat(post(CRS + "/" + id + "/comments", "dave", Map.of("text", "  "))
                        .status())
                .isEqualTo(422);
        assertThat(api.get(CRS + "/" + id, "bob").json().get("comments")).hasSize(1);
    }

    @Test
    void promotions_come_only_from_the_previous_environment_and_need_the_target_editor_role() {
        Answer intoDev = post(CRS, "carol", Map.of("kind", "promotion", "app", app, "target", "dev", "title", "x"));
        assertThat(intoDev.status()).isEqualTo(422);
        assertThat(intoDev.json().get("message").asString()).contains("first environment");

        Answer skipping = post(
                CRS,
                "carol",
                Map.of("kind", "promotion", "app", app, "source", "dev", "target", "production", "title", "x"));
        assertThat(skipping.status()).isEqualTo(422);
        assertThat(skipping.json().get("message").asString()).contains("come from staging");

        assertThat(post(CRS, "alice", Map.of("kind", "promotion", "app", app, "target", "production", "title", "x"))
                        .status())
                .as("alice is no editor of production")
                .isEqualTo(403);
        assertThat(post(CRS, "bob", Map.of("kind", "promotion", "app", app, "target", "staging", "title", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(post(CRS, "carol", Map.of("kind", "promotion", "app", "nope", "target", "staging", "title", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(post(CRS, "carol", Map.of("kind", "promotion", "app", "../x", "target", "staging", "title", "x"))
                        .status())
                .isEqualTo(422);
        Answer unchanged = post(
                CRS,
                "carol",
                Map.of(
                        "kind",
                        "promotion",
                        "app",
                        app,
                        "target",
                        "staging",
                        "keys",
                        List.of("FEATURE_NEW_CHECKOUT"),
                        "title",
                        "x"));
        assertThat(unchanged.status()).isEqualTo(422);
        assertThat(unchanged.json().get("message").asString()).contains("same value");
        assertThat(post(CRS, "carol", Map.of("kind", "hack", "app", app, "target", "staging", "title", "x"))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void a_chosen_env_specific_key_is_promoted_and_secrets_stay_masked() {
        Answer opened = post(
                CRS,
                "alice",
                Map.of(
                        "kind",
                        "promotion",
                        "app",
                        app,
                        "target",
                        "staging",
                        "keys",
                        List.of("DATABASE_PASSWORD"),
                        "title",
                        "Same password as dev"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode row = opened.json().get("changes").get(0);
        assertThat(row.get("secret").asBoolean()).isTrue();
        assertThat(row.get("proposed").asString()).isEqualTo("••••••");
        assertThat(opened.body()).doesNotContain("dev-only-password");

        long id = opened.json().get("id").asLong();
        act(id, "approvals", "bob");
        assertThat(act(id, "merge", "alice").status()).isEqualTo(200);
        Answer revealed = api.get("/api/v1/apps/" + app + "/envs/staging/settings?reveal=true", "alice");
        assertThat(revealed.json().get("settings").get("DATABASE_PASSWORD").asString())
                .as("re-sealed for staging, so it opens there")
                .isEqualTo("dev-only-password");
    }

    @Test
    void edits_are_checked_against_the_schema_and_reverts_of_production_commits_become_requests() {
        Answer invalid = post(
                CRS,
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        app,
                        "target",
                        "production",
                        "title",
                        "Louder",
                        "set",
                        Map.of("LOG_LEVEL", "LOUD")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json()
                        .get("details")
                        .get("problems")
                        .get(0)
                        .get("subject")
                        .asString())
                .isEqualTo("LOG_LEVEL");
        Answer nothing = post(
                CRS,
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        app,
                        "target",
                        "production",
                        "title",
                        "Same",
                        "set",
                        Map.of("LOG_LEVEL", "WARN")));
        assertThat(nothing.status()).as("production already has WARN").isEqualTo(422);

        JsonNode warnAgain = api.get("/api/v1/history?app=" + app + "&env=production&key=LOG_LEVEL&limit=1", "bob")
                .json()
                .get("entries")
                .get(0);
        assertThat(warnAgain.get("message").asString()).startsWith("WARN again");
        Answer revert = post(
                CRS,
                "carol",
                Map.of("kind", "revert", "revision", warnAgain.get("revision").asString()));
        assertThat(revert.status()).as(revert.body()).isEqualTo(201);
        assertThat(revert.json().get("kind").asString()).isEqualTo("revert");
        assertThat(revert.json().get("title").asString()).startsWith("Revert \"WARN again");
        assertThat(revert.json().get("changes").get(0).get("proposed").asString())
                .isEqualTo("ERROR");
        assertThat(revert.json().get("requiredApprovals").asInt()).isEqualTo(2);

        JsonNode older = api.get("/api/v1/history?app=" + app + "&env=production&key=LOG_LEVEL&limit=2", "bob")
                .json()
                .get("entries")
                .get(1);
        Answer stale = post(
                CRS,
                "carol",
                Map.of("kind", "revert", "revision", older.get("revision").asString()));
        assertThat(stale.status())
                .as("LOG_LEVEL changed again since that commit")
                .isEqualTo(409);
        assertThat(stale.json().get("details").get("keys").get(0).asString()).isEqualTo("LOG_LEVEL");
        assertThat(post(CRS, "carol", Map.of("kind", "revert", "revision", "nope"))
                        .status())
                .isEqualTo(422);
        assertThat(post(CRS, "carol", Map.of("kind", "revert", "revision", "0".repeat(40)))
                        .status())
                .isEqualTo(404);
    }
}
