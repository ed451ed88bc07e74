package dev.strata.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.FreshDataDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code /api/v1/admin} against a running Strata with the demo accounts. */
@ApiTest
@FreshDataDirectory
class AdminApiTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private int status(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void only_admins_reach_the_admin_api_whatever_else_they_may_do() {
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(api.get("/api/v1/admin/accounts", user).status()).isEqualTo(403);
            assertThat(api.send("POST", "/api/v1/admin/tokens", user, Map.of("name", "x", "scopes", List.of("*:*")))
                            .status())
                    .isEqualTo(403);
            assertThat(api.send("PATCH", "/api/v1/admin/accounts/" + user, user, Map.of("roles", List.of("admin")))
                            .status())
                    .as("%s cannot make themselves admin", user)
                    .isEqualTo(403);
        }
        assertThat(api.get("/api/v1/admin/accounts", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/admin/accounts", "admin").body())
                .contains("\"alice\"")
                .doesNotContain("bcrypt");
    }

    @Test
    void an_admin_puts_an_account_into_teams_and_a_bad_team_name_is_refused() {
        Answer changed = api.send(
                "PATCH",
                "/api/v1/admin/accounts/alice",
                "admin",
                Map.of("teams", List.of("team-checkout", "team-payments"), "roles", List.of("editor:*@team-checkout")));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("teams").valueStream().map(t -> t.asString()))
                .containsExactly("team-checkout", "team-payments");
        assertThat(changed.json().get("roles").get(0).asString()).isEqualTo("editor:*@team-checkout");

        Answer bad =
                api.send("PATCH", "/api/v1/admin/accounts/alice", "admin", Map.of("teams", List.of("Team Checkout")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("breaks the name rule");
        Answer noTeam =
                api.send("PATCH", "/api/v1/admin/accounts/alice", "admin", Map.of("roles", List.of("editor:dev@")));
        assertThat(noTeam.status()).isEqualTo(422);
        assertThat(noTeam.body()).contains("'@' must be followed by a team name");
    }

    @Test
    void an_account_made_by_an_admin_signs_in_at_once_until_it_is_disabled() throws Exception {
        Answer created = api.send(
                "POST",
                "/api/v1/admin/accounts",
                "admin",
                Map.of(
                        "username",
                        "frank",
                        "name",
                        "Frank",
                        "email",
                        "frank@example.com",
                        "password",
                        "frank-secret-1",
                        "roles",
                        List.of("editor:dev")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("roles").toString()).isEqualTo("[\"editor:dev\"]");
        assertThat(status("/api/v1/apps", basic("frank", "frank-secret-1"))).isEqualTo(200);
        assertThat(Files.readString(dataDir.resolve("users.yaml")))
                .contains("frank")
                .doesNotContain("frank-secret-1");

        assertThat(api.send("PATCH", "/api/v1/admin/accounts/frank", "admin", Map.of("disabled", true))
                        .status())
                .isEqualTo(200);
        assertThat(status("/api/v1/apps", basic("frank", "frank-secret-1"))).isEqualTo(401);

        assertThat(api.send(
                                "PATCH",
                                "/api/v1/admin/accounts/frank",
                                "admin",
                                Map.of("disabled", false, "password", "frank-secret-2"))
                        .status())
                .isEqualTo(200);
        assertThat(status("/api/v1/apps", basic("frank", "frank-secret-1"))).isEqualTo(401);
        assertThat(status("/api/v1/apps", basic("frank", "frank-secret-2"))).isEqualTo(200);
    }

    @Test
    void bad_account_input_is_refused_with_the_rule_it_broke() {
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of("username", "../etc", "password", "long-enough-pw"))
                        .status())
                .isEqualTo(422);
        assertThat(api.send("POST", "/api/v1/admin/accounts", "admin", Map.of("username", "frank", "password", "short"))
                        .body())
                .contains("at least 10");
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of(
                                        "username",
                                        "frank",
                                        "password",
                                        "long-enough-pw",
                                        "roles",
                                        List.of("editor:../prod")))
                        .status())
                .isEqualTo(422);
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of(
                                        "username",
                                        "frank",
                                        "password",
                                        "long-enough-pw",
                                        "name",
                                        "Frank\nauthor Mallory <m@example.com>"))
                        .body())
                .contains("line breaks");
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of("username", "frank", "password", "long-enough-pw", "name", "x".repeat(100_000)))
                        .status())
                .isEqualTo(422);
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of("username", "frank", "password", "long-enough-pw", "email", "not an address"))
                        .body())
                .contains("\"subject\":\"email\"");
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/accounts",
                                "admin",
                                Map.of("username", "alice", "password", "long-enough-pw"))
                        .status())
                .isEqualTo(409);
        assertThat(api.send("PATCH", "/api/v1/admin/accounts/admin", "admin", Map.of("disabled", true))
                        .status())
                .as("an admin cannot lock themselves out")
                .isEqualTo(422);
        assertThat(api.send("PATCH", "/api/v1/admin/accounts/nobody", "admin", Map.of("disabled", true))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_look_alike_of_an_existing_account_is_refused() {
        Answer upperCase = api.send(
                "POST",
                "/api/v1/admin/accounts",
                "admin",
                Map.of(
                        "username",
                        "Alice",
                        "name",
                        "Alice",
                        "email",
                        "other-alice@example.com",
                        "password",
                        "long-enough-pw"));
        assertThat(upperCase.status()).isEqualTo(409);
        assertThat(upperCase.json().get("message").asString()).contains("'alice'", "more than case");

        Answer sameEmail = api.send(
                "POST",
                "/api/v1/admin/accounts",
                "admin",
                Map.of(
                        "username",
                        "alice2",
                        "name",
                        "Alice Liddell",
                        "email",
                        "ALICE@example.com",
                        "password",
                        "long-enough-pw"));
        assertThat(sameEmail.status()).isEqualTo(422);
        assertThat(sameEmail.body()).contains("\"subject\":\"email\"", "account 'alice'");

        // U+202E turns the rest around: "Bob \u202eredliuB" reads as "Bob Builder" in pages and in commit authors
        Answer mirrored = api.send(
                "POST",
                "/api/v1/admin/accounts",
                "admin",
                Map.of(
                        "username",
                        "mallory",
                        "name",
                        "Bob \u202eredliuB",
                        "email",
                        "mallory@example.com",
                        "password",
                        "long-enough-pw"));
        assertThat(mirrored.status()).isEqualTo(422);
        assertThat(mirrored.body()).contains("invisible formatting characters");

        assertThat(api.get("/api/v1/admin/accounts", "admin").body()).doesNotContain("\"Alice\"", "alice2", "mallory");
    }

    @Test
    void a_token_may_be_given_an_expiry_which_the_token_list_shows() {
        Answer issued = api.send(
                "POST",
                "/api/v1/admin/tokens",
                "admin",
                Map.of("name", "until-2099", "scopes", List.of("payments:dev"), "expires", "2099-12-31"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().get("expires").asString()).isEqualTo("2099-12-31T00:00:00Z");
        assertThat(api.send(
                                "POST",
                                "/api/v1/admin/tokens",
                                "admin",
                                Map.of("name", "too-late", "scopes", List.of("payments:dev"), "expires", "2001-01-01"))
                        .body())
                .contains("\"subject\":\"expires\"", "already past");

        var listed = api.get("/api/v1/admin/tokens", "admin")
                .json()
                .valueStream()
                .filter(token -> token.get("name").asString().equals("until-2099"))
                .findFirst()
                .orElseThrow();
        assertThat(listed.get("expires").asString()).isEqualTo("2099-12-31T00:00:00Z");
        assertThat(listed.get("expired").asBoolean()).isFalse();
    }

    @Test
    void a_token_is_shown_once_serves_its_scope_only_and_is_refused_once_revoked() throws Exception {
        Answer issued = api.send(
                "POST",
                "/api/v1/admin/tokens",
                "admin",
                Map.of("name", "payments-prod", "scopes", List.of("payments:production")));
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();

        assertThat(status("/api/v1/config/payments/production", "Bearer " + token))
                .isEqualTo(200);
        assertThat(status("/api/v1/config/payments/dev", "Bearer " + token)).isEqualTo(403);
        assertThat(status("/api/v1/config/checkout/production", "Bearer " + token))
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/tokens", "admin").body())
                .contains("payments-prod")
                .doesNotContain(token);

        assertThat(api.send("DELETE", "/api/v1/admin/tokens/payments-prod", "admin", null)
                        .status())
                .isEqualTo(204);
        assertThat(status("/api/v1/config/payments/production", "Bearer " + token))
                .isEqualTo(401);
    }

    @Test
    void policies_are_saved_as_a_commit_by_the_admin_and_apply_at_once() {
        String base = api.get("/api/v1/admin/policies", "admin")
                .json()
                .get("revision")
                .asString();
        var open = List.of(
                Map.of("name", "dev"),
                Map.of("name", "staging", "protected", false),
                Map.of("name", "production", "protected", true, "requiredApprovals", 3));

        Answer saved = api.send(
                "PUT",
                "/api/v1/admin/policies",
                "admin",
                Map.of("baseRevision", base, "message", "Open staging for the release week", "environments", open));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json()
                        .get("environments")
                        .get(2)
                        .get("requiredApprovals")
                        .asInt())
                .isEqualTo(3);
        var history =
                api.get("/api/v1/history?limit=1", "bob").json().get("entries").get(0);
        assertThat(history.get("author").asString()).isEqualTo("Administrator");
        assertThat(history.get("message").asString()).startsWith("Open staging for the release week");
        String staging = "/api/v1/apps/payments/envs/staging/settings";
        String head = api.get(staging, "alice").json().get("revision").asString();
        assertThat(api.send(
                                "PATCH",
                                staging,
                                "alice",
                                Map.of(
                                        "baseRevision",
                                        head,
                                        "message",
                                        "now allowed",
                                        "set",
                                        Map.of("LOG_LEVEL", "WARN")))
                        .status())
                .isEqualTo(200);

        assertThat(api.send(
                                "PUT",
                                "/api/v1/admin/policies",
                                "admin",
                                Map.of("baseRevision", base, "environments", open))
                        .status())
                .as("stale base")
                .isEqualTo(409);
        assertThat(api.send(
                                "PUT",
                                "/api/v1/admin/policies",
                                "admin",
                                Map.of(
                                        "baseRevision",
                                        saved.json().get("revision").asString(),
                                        "environments",
                                        List.of(Map.of("name", "dev"))))
                        .status())
                .as("environments dropped")
                .isEqualTo(422);
        assertThat(api.send(
                                "PUT",
                                "/api/v1/admin/policies",
                                "carol",
                                Map.of("baseRevision", base, "environments", open))
                        .status())
                .isEqualTo(403);
    }
}
