package dev.strata.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The history API against the demo repository, checked against the git command line. */
@ApiTest
@FreshDataDirectory
class HistoryApiTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private List<String> git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args).lines().toList();
    }

    private static List<String> revisions(JsonNode page) {
        return page.get("entries").findValuesAsString("revision");
    }

    @Test
    void the_history_of_a_file_is_what_git_log_shows_for_it() throws Exception {
        Answer answer = api.get("/api/v1/history?app=payments&env=dev&limit=100", "bob");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(revisions(answer.json()))
                .containsExactlyElementsOf(git("log", "--format=%H", "main", "--", "environments/dev/payments.yaml"));
    }

    @Test
    void pages_follow_each_other_without_gaps_or_repeats() throws Exception {
        List<String> all = revisions(api.get("/api/v1/history?limit=500", "bob").json());
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/history?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), "bob")
                    .json();
            paged.addAll(revisions(page));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(paged).isEqualTo(all).hasSize(git("rev-list", "main").size());
    }

    @Test
    void filters_combine_and_each_entry_names_its_key_changes() {
        JsonNode page = api.get("/api/v1/history?app=search&key=BOOST_RECENT&author=alice", "bob")
                .json();

        assertThat(page.get("entries")).hasSize(2);
        for (JsonNode entry : page.get("entries")) {
            assertThat(entry.get("author").asString()).isEqualTo("Alice Liddell");
            assertThat(entry.get("changes").findValuesAsString("key")).contains("BOOST_RECENT");
        }
        JsonNode newest = page.get("entries").get(0).get("changes").get(0);
        assertThat(newest.get("before").asString()).isEqualTo("1.5");
        assertThat(newest.get("after").asString()).isEqualTo("2.0");
    }

    @Test
    void secrets_appear_only_as_changed() {
        Answer answer = api.get("/api/v1/history?app=payments&key=DATABASE_PASSWORD", "alice");

        JsonNode change = answer.json().get("entries").get(0).get("changes").get(0);
        assertThat(change.get("secret").asBoolean()).isTrue();
        assertThat(change.get("after").isNull()).isTrue();
        assertThat(answer.body()).doesNotContain("ENC[").doesNotContain("password-");
    }

    @Test
    void bad_cursors_revisions_and_time_ranges_get_clear_errors() {
        assertThat(api.get("/api/v1/history?cursor=garbage", "bob").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/history/not-a-commit", "bob").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/history/" + "ab".repeat(20), "bob").status())
                .isEqualTo(404);
        Answer upsideDown = api.get("/api/v1/history?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "bob");
        assertThat(upsideDown.status()).isEqualTo(400);
        assertThat(upsideDown.json().get("message").asString()).contains("before since");
        assertThat(api.get("/api/v1/history?since=yesterday", "bob").status()).isEqualTo(400);
        Answer unknownApp = api.get("/api/v1/history?app=nothing-here", "bob");
        assertThat(unknownApp.status()).isEqualTo(200);
        assertThat(unknownApp.json().get("entries")).isEmpty();
    }

    @Test
    void cursors_never_handed_out_are_refused_with_a_json_400() throws Exception {
        String head = git("rev-parse", "main").get(0);
        String cursor = api.get("/api/v1/history?limit=1", "bob")
                .json()
                .get("nextCursor")
                .asString();

        for (String forged : List.of(
                "ab".repeat(20) + "." + "cd".repeat(20),
                head + "." + "cd".repeat(20),
                head + ".",
                "x".repeat(5_000),
                cursor + "0")) {
            Answer answer = api.get("/api/v1/history?cursor=" + forged, "bob");
            assertThat(answer.status())
                    .as(forged.substring(0, Math.min(50, forged.length())))
                    .isEqualTo(400);
            assertThat(answer.json().get("message").asString()).contains("cursor");
        }
        Answer otherQuery = api.get("/api/v1/history?app=search&env=production&cursor=" + cursor, "bob");
        assertThat(otherQuery.status())
                .as("a cursor of the unfiltered history, where production of search never changed")
                .isEqualTo(400);
        assertThat(api.get("/api/v1/history?cursor=" + cursor, "bob").status()).isEqualTo(200);
    }

    @Test
    void revisions_that_are_not_commit_ids_or_do_not_exist_are_400_and_404_everywhere() {
        String missing = "ab".repeat(20);

        assertThat(api.send("POST", "/api/v1/history/" + missing + "/revert", "carol", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/history/not-a-commit/revert", "carol", null)
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/history/" + missing.toUpperCase(), "bob").status())
                .isEqualTo(400);
        Answer notFound = api.get("/api/v1/history/" + missing, "bob");
        assertThat(notFound.json().get("error").asString()).isEqualTo("not_found");
        assertThat(notFound.json().get("message").asString()).contains(missing);
        assertThat(api.get("/api/v1/history?limit=abc", "bob").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/history?app=payments&env=dev&key=no.such.key", "bob")
                        .json()
                        .get("entries"))
                .isEmpty();
    }

    @Test
    void the_filtered_history_exports_as_csv_and_json_with_secrets_only_as_changed() {
        Answer csv = api.get("/api/v1/history/export?app=search&key=BOOST_RECENT", "bob");
        Answer secrets = api.get("/api/v1/history/export?app=payments&key=DATABASE_PASSWORD&format=csv", "bob");
        Answer json = api.get("/api/v1/history/export?app=search&key=BOOST_RECENT&format=json", "bob");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().toList())
                .hasSize(3)
                .first()
                .isEqualTo("revision,time,author,email,message,application,environment,key,change,before,after");
        assertThat(csv.body())
                .contains(
                        ",Alice Liddell,alice@example.com,Favour new products even more,search,dev,BOOST_RECENT,changed,1.5,2.0");
        assertThat(secrets.body())
                .contains("(secret changed)")
                .doesNotContain("ENC[")
                .doesNotContain("password-");
        assertThat(json.body()).startsWith("[{\"revision\":\"").endsWith("}]");
        assertThat(api.get("/api/v1/history/export?format=xml", "bob").status()).isEqualTo(400);
    }

    @Test
    void one_commit_shows_its_key_diff() throws Exception {
        String newest = git("rev-parse", "main").get(0);

        JsonNode commit = api.get("/api/v1/history/" + newest, "bob").json();

        assertThat(commit.get("revision").asString()).isEqualTo(newest);
        assertThat(commit.get("message").asString().strip())
                .isEqualTo(git("log", "-1", "--format=%B", "main").get(0));
        assertThat(commit.get("parents").get(0).asString())
                .isEqualTo(git("rev-parse", "main^").get(0));
    }

    @Test
    void reverting_in_dev_is_a_new_commit_by_the_reverter_and_in_production_a_change_request() throws Exception {
        JsonNode latest = api.get("/api/v1/history?app=checkout&env=dev&key=MAX_ITEMS&limit=1", "alice")
                .json();
        String revision = latest.get("entries").get(0).get("revision").asString();

        Answer reverted = api.send("POST", "/api/v1/history/" + revision + "/revert", "alice", null);

        assertThat(reverted.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/apps/checkout/envs/dev/settings", "bob")
                        .json()
                        .get("settings")
                        .get("MAX_ITEMS")
                        .asString())
                .isEqualTo("100");
        assertThat(git("log", "-1", "--format=%an|%s", "main").get(0))
                .isEqualTo("Alice Liddell|Revert \"Carts up to 200 items for the bulk-order test\"");

        String production = api.get("/api/v1/history?app=search&env=production&limit=1", "carol")
                .json()
                .get("entries")
                .get(0)
                .get("revision")
                .asString();
        String head = git("rev-parse", "main").get(0);
        assertThat(api.send("POST", "/api/v1/history/" + production + "/revert", "alice", null)
                        .status())
                .as("alice may not propose changes to production")
                .isEqualTo(403);
        Answer proposed = api.send("POST", "/api/v1/history/" + production + "/revert", "carol", null);
        assertThat(proposed.status()).isEqualTo(201);
        assertThat(proposed.json().get("revision").isNull()).isTrue();
        long id = proposed.json().get("changeRequest").asLong();
        JsonNode review = api.get("/api/v1/change-requests/" + id, "bob").json();
        assertThat(review.get("kind").asString()).isEqualTo("revert");
        assertThat(review.get("target").asString()).isEqualTo("production");
        assertThat(review.get("revertOf").asString()).isEqualTo(production);
        assertThat(review.get("changes").get(0).get("key").asString()).isEqualTo("SYNONYMS_ENABLED");
        assertThat(review.get("changes").get(0).get("proposed").asString()).isEqualTo("false");
        assertThat(git("rev-parse", "main").get(0))
                .as("nothing committed before review")
                .isEqualTo(head);
    }

    @Test
    void reverting_a_change_made_over_since_is_a_conflict() {
        JsonNode timeouts = api.get("/api/v1/history?app=payments&env=dev&key=HTTP_TIMEOUT", "carol")
                .json()
                .get("entries");
        JsonNode shorter = timeouts.get(1);
        assertThat(shorter.get("message").asString()).startsWith("Shorter timeout");

        Answer answer =
                api.send("POST", "/api/v1/history/" + shorter.get("revision").asString() + "/revert", "carol", null);

        assertThat(answer.status())
                .as("HTTP_TIMEOUT was set to 10s after the 5s being reverted")
                .isEqualTo(409);
        assertThat(answer.json().get("details").get("keys").toString()).isEqualTo("[\"HTTP_TIMEOUT\"]");
    }
}
