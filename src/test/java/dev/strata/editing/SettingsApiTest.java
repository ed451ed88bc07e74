package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.GitCli;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The management API of PRODUCT.md against a running Strata with the demo data and accounts. The tests
 * change copies of the demo's applications of their own ({@link DemoCopies}) and close the change
 * request they open, so that the classes sharing this Strata find the demo as it was.
 */
@ApiTest
class SettingsApiTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;

    /** This test's copy of the demo's payments, and the address of its dev settings. */
    String payments;

    String dev;

    @BeforeEach
    void clientAndCopy() {
        api = new ApiClient(port);
        payments = new DemoCopies(store, secrets).copy("payments").value();
        dev = "/api/v1/apps/" + payments + "/envs/dev/settings";
    }

    private String head(String path) {
        return api.get(path, "alice").json().get("revision").asString();
    }

    private Answer patch(String user, String path, Object body) {
        return api.send("PATCH", path, user, body);
    }

    @Test
    void applications_are_listed_with_key_counts_and_drift_per_environment() {
        Answer answer = api.get("/api/v1/apps", "bob");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("environments").toString()).isEqualTo("[\"dev\",\"staging\",\"production\"]");
        var payments = answer.json()
                .get("applications")
                .valueStream()
                .filter(app -> app.get("name").asString().equals("payments"))
                .findFirst()
                .orElseThrow();
        var staging = payments.get("environments").get(1);
        var production = payments.get("environments").get(2);
        assertThat(staging.get("keys").asInt()).isEqualTo(3);
        assertThat(production.get("drift").asInt())
                .as("LOG_LEVEL, HTTP_TIMEOUT and FEATURE_NEW_CHECKOUT differ from staging; DATABASE_URL is envSpecific")
                .isEqualTo(3);
    }

    @Test
    void an_editor_commits_to_an_unprotected_environment_as_themselves() {
        Answer answer = patch(
                "alice",
                dev,
                Map.of(
                        "baseRevision",
                        head(dev),
                        "message",
                        "Raise the timeout",
                        "set",
                        Map.of("HTTP_TIMEOUT", "45s", "server.port", 9090),
                        "unset",
                        List.of("LOG_LEVEL")));

        assertThat(answer.status()).isEqualTo(200);
        var settings = api.get(dev, "bob").json();
        assertThat(settings.get("revision").asString())
                .isEqualTo(answer.json().get("revision").asString());
        assertThat(settings.get("settings").get("HTTP_TIMEOUT").asString()).isEqualTo("45s");
        assertThat(settings.get("settings").get("server.port").asString()).isEqualTo("9090");
        assertThat(settings.get("settings").has("LOG_LEVEL")).isFalse();
    }

    @Test
    void a_protected_environment_refuses_direct_commits_even_from_its_editor() {
        String staging = "/api/v1/apps/" + payments + "/envs/staging/settings";
        Answer answer = patch(
                "alice",
                staging,
                Map.of("baseRevision", head(staging), "message", "hotfix", "set", Map.of("LOG_LEVEL", "DEBUG")));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("message").asString()).contains("staging is protected");
    }

    @Test
    void committing_without_the_editor_role_is_refused() {
        Answer answer = patch(
                "bob", dev, Map.of("baseRevision", head(dev), "message", "x", "set", Map.of("LOG_LEVEL", "WARN")));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("error").asString()).isEqualTo("forbidden");
    }

    @Test
    void a_change_based_on_an_old_revision_conflicts_on_the_same_key_and_merges_on_another() {
        String base = head(dev);
        assertThat(patch(
                                "carol",
                                dev,
                                Map.of(
                                        "baseRevision",
                                        base,
                                        "message",
                                        "first",
                                        "set",
                                        Map.of("FEATURE_NEW_CHECKOUT", "false")))
                        .status())
                .isEqualTo(200);

        Answer same = patch(
                "alice",
                dev,
                Map.of("baseRevision", base, "message", "second", "set", Map.of("FEATURE_NEW_CHECKOUT", "true")));
        Answer other = patch(
                "alice", dev, Map.of("baseRevision", base, "message", "third", "set", Map.of("HTTP_TIMEOUT", "12s")));

        assertThat(same.status()).isEqualTo(409);
        assertThat(same.json().get("details").get("keys").toString()).isEqualTo("[\"FEATURE_NEW_CHECKOUT\"]");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("rebased").asBoolean()).isTrue();
        assertThat(api.get(dev, "bob")
                        .json()
                        .get("settings")
                        .get("FEATURE_NEW_CHECKOUT")
                        .asString())
                .isEqualTo("false");
    }

    @Test
    void a_value_that_does_not_fit_its_type_is_refused_with_the_key_named() {
        Answer answer = patch(
                "alice",
                dev,
                Map.of(
                        "baseRevision",
                        head(dev),
                        "message",
                        "bad",
                        "set",
                        Map.of("server.port", "eighty", "LOG_LEVEL", "LOUD")));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("details").get("problems").findValuesAsString("subject"))
                .containsExactlyInAnyOrder("server.port", "LOG_LEVEL");
    }

    @Test
    void bad_names_unknown_apps_and_unreadable_bodies_get_clear_errors() {
        assertThat(api.get("/api/v1/apps/Payments/envs/dev/settings", "alice").status())
                .isEqualTo(422);
        assertThat(api.get("/api/v1/apps/nothing/envs/dev/settings", "alice").status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/apps/payments/envs/qa/settings", "alice").status())
                .isEqualTo(404);
        Answer garbage = patch("alice", dev, "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).doesNotContain("Exception").doesNotContain("at dev.strata");
    }

    @Test
    void secrets_are_sealed_in_git_masked_and_revealed_only_to_editors_of_the_environment() throws Exception {
        assertThat(patch(
                                "carol",
                                dev,
                                Map.of(
                                        "baseRevision",
                                        head(dev),
                                        "message",
                                        "db password",
                                        "set",
                                        Map.of("DATABASE_PASSWORD", "s3cr3t-value")))
                        .status())
                .isEqualTo(200);

        assertThat(api.get(dev, "bob")
                        .json()
                        .get("settings")
                        .get("DATABASE_PASSWORD")
                        .asString())
                .isEqualTo("••••••");
        assertThat(api.get(dev + "?reveal=true", "bob").status()).isEqualTo(403);
        assertThat(api.get(dev + "?reveal=true", "alice")
                        .json()
                        .get("settings")
                        .get("DATABASE_PASSWORD")
                        .asString())
                .isEqualTo("s3cr3t-value");
        var show = new ProcessBuilder(
                        "git",
                        "--git-dir",
                        dataDir.resolve("config.git").toString(),
                        "show",
                        "main:environments/dev/" + payments + ".yaml")
                .start();
        String stored = new String(show.getInputStream().readAllBytes());
        assertThat(stored).contains("DATABASE_PASSWORD: ENC[v1:").doesNotContain("s3cr3t-value");
    }

    @Test
    void numbers_keep_every_digit_given_and_those_no_reader_can_hold_are_refused() {
        String search =
                "/api/v1/apps/" + new DemoCopies(store, secrets).copy("search").value() + "/envs/dev/settings";
        Answer exact = patch("alice", search, """
                {"baseRevision": "%s", "message": "Finer weight", "set": {"BOOST_RECENT": 1.00000000000000000001,
                 "RESULTS_PER_PAGE": 25}}""".formatted(head(search)));
        Answer huge = patch("alice", search, """
                {"baseRevision": "%s", "message": "Huge", "set": {"BOOST_RECENT": 1e400}}""".formatted(head(search)));
        Answer notANumber = patch(
                "alice",
                search,
                Map.of("baseRevision", head(search), "message", "NaN", "set", Map.of("BOOST_RECENT", "NaN")));

        assertThat(exact.status()).isEqualTo(200);
        assertThat(api.get(search, "bob")
                        .json()
                        .get("settings")
                        .get("BOOST_RECENT")
                        .asString())
                .isEqualTo("1.00000000000000000001");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.json().get("message").asString()).contains("BOOST_RECENT", "beyond the largest number");
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.json().get("message").asString()).contains("expected a number");
    }

    @Test
    void a_key_given_twice_in_a_body_is_refused_naming_the_key_and_line() {
        Answer answer = patch("alice", dev, """
                {"baseRevision": "%s", "message": "Twice",
                 "set": {"LOG_LEVEL": "WARN",
                         "LOG_LEVEL": "ERROR"}}""".formatted(head(dev)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asString()).contains("\"LOG_LEVEL\"", "line 3");
    }

    @Test
    void only_admins_create_applications_and_names_are_checked() {
        Map<String, Object> body = Map.of(
                "name",
                "billing-by-api",
                "description",
                "Invoices",
                "keys",
                Map.of("server.port", Map.of("type", "int", "default", 8080)));

        assertThat(api.send("POST", "/api/v1/apps", "alice", body).status()).isEqualTo(403);
        Answer created = api.send("POST", "/api/v1/apps", "admin", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("revision").asString()).hasSize(40);
        assertThat(api.send("POST", "/api/v1/apps", "admin", body).status()).isEqualTo(409);
        Answer invalid = api.send("POST", "/api/v1/apps", "admin", Map.of("name", "../etc"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("message").asString()).contains("../etc");
    }

    @Test
    void a_change_based_on_the_proposal_of_a_change_request_is_refused_as_an_unknown_revision() {
        Answer opened = api.send(
                "POST",
                "/api/v1/change-requests",
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        payments,
                        "target",
                        "production",
                        "title",
                        "Quieter",
                        "set",
                        Map.of("LOG_LEVEL", "ERROR")));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        long id = opened.json().get("id").asLong();
        try {
            String proposal = GitCli.in(dataDir.resolve("config.git"), "rev-parse", "refs/heads/changes/" + id)
                    .strip();

            Answer answer = patch(
                    "alice",
                    dev,
                    Map.of(
                            "baseRevision",
                            proposal,
                            "message",
                            "Raise the timeout",
                            "set",
                            Map.of("HTTP_TIMEOUT", "45s")));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json().get("message").asString()).contains("no revision " + proposal);
        } finally {
            // open, it would wait for the approvers of production in the classes sharing this Strata
            api.send("POST", "/api/v1/change-requests/" + id + "/close", "carol", null);
        }
    }
}
