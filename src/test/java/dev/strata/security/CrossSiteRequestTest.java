package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's state-changing routes refuse what a page on another site can make a browser send with
 * the password it remembers (a form: its content types, its Origin and Sec-Fetch-Site), and keep
 * serving curl, scripts and applications. The demo's change request 1 awaits bob's approval. What the
 * tests make (a token, a change request on a copy of payments) they remove, so they share Strata.
 */
@ApiTest
class CrossSiteRequestTest {

    private static final String APPROVE_DEMO_REQUEST = "/api/v1/change-requests/1/approvals";

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private HttpResponse<String> send(String method, String path, String user, String body, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    private List<String> approvers(long changeRequest) {
        return api.get("/api/v1/change-requests/" + changeRequest, "carol")
                .json()
                .get("approvals")
                .valueStream()
                .map(approval -> approval.get("actor").get("username").asString())
                .toList();
    }

    @Test
    void what_an_html_form_can_send_is_refused_with_415_and_changes_nothing() throws Exception {
        for (String formType : List.of(
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "text/plain",
                "text/plain;charset=UTF-8")) {
            var refused = send("POST", APPROVE_DEMO_REQUEST, "bob", "", "Content-Type", formType);

            assertThat(refused.statusCode()).as(formType).isEqualTo(415);
            assertThat(json(refused).get("error").asString()).isEqualTo("unsupported_media_type");
            assertThat(json(refused).get("message").asString()).contains("application/json");
        }

        assertThat(approvers(1)).doesNotContain("bob");
    }

    @Test
    void a_request_from_a_page_on_another_origin_is_refused_with_403_and_changes_nothing() throws Exception {
        var otherPort = send("POST", APPROVE_DEMO_REQUEST, "bob", null, "Origin", "http://localhost:1");
        var otherHost = send(
                "POST",
                APPROVE_DEMO_REQUEST,
                "bob",
                "{}",
                "Content-Type",
                "application/json",
                "Origin",
                "https://attacker.example");
        var opaque = send("POST", APPROVE_DEMO_REQUEST, "bob", null, "Origin", "null");
        var sameSite = send("POST", APPROVE_DEMO_REQUEST, "bob", null, "Sec-Fetch-Site", "same-site");
        var crossSite = send("POST", APPROVE_DEMO_REQUEST, "bob", null, "Sec-Fetch-Site", "cross-site");

        for (var refused : List.of(otherPort, otherHost, opaque, sameSite, crossSite)) {
            assertThat(refused.statusCode())
                    .as(refused.request().headers().toString())
                    .isEqualTo(403);
            assertThat(json(refused).get("error").asString()).isEqualTo("cross_site");
        }
        assertThat(approvers(1)).doesNotContain("bob");
    }

    @Test
    void every_state_changing_method_is_checked() throws Exception {
        assertThat(send(
                                "PATCH",
                                "/api/v1/apps/payments/envs/dev/settings",
                                "alice",
                                "set=x",
                                "Content-Type",
                                "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        assertThat(send(
                                "PUT",
                                "/api/v1/admin/policies",
                                "admin",
                                "{}",
                                "Content-Type",
                                "application/json",
                                "Origin",
                                "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        String token = api.send(
                        "POST",
                        "/api/v1/admin/tokens",
                        "admin",
                        Map.of("name", "kept", "scopes", List.of("payments:dev")))
                .json()
                .get("name")
                .asString();

        assertThat(send("DELETE", "/api/v1/admin/tokens/" + token, "admin", null, "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/admin/tokens/" + token, "admin", null, "Content-Type", "text/plain")
                        .statusCode())
                .isEqualTo(415);
        assertThat(api.get("/api/v1/admin/tokens", "admin").body()).contains("\"kept\"");
        assertThat(api.send("DELETE", "/api/v1/admin/tokens/" + token, "admin", null)
                        .status())
                .as("the classes sharing this Strata find no such token")
                .isBetween(200, 299);
    }

    @Test
    void curl_scripts_and_same_origin_pages_keep_working_with_and_without_a_body() throws Exception {
        long id = api.send(
                        "POST",
                        "/api/v1/change-requests",
                        "alice",
                        Map.of(
                                "kind",
                                "promotion",
                                "app",
                                new DemoCopies(store, secrets).copy("payments").value(),
                                "target",
                                "staging",
                                "title",
                                "Promote payments to staging"))
                .json()
                .get("id")
                .asLong();
        String approve = "/api/v1/change-requests/" + id + "/approvals";

        assertThat(send("POST", approve, "bob", null).statusCode())
                .as("curl -X POST sends no Content-Type")
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                approve,
                                "carol",
                                "",
                                "Content-Type",
                                "application/json; charset=utf-8",
                                "Origin",
                                "http://localhost:" + port,
                                "Sec-Fetch-Site",
                                "same-origin")
                        .statusCode())
                .isEqualTo(200);
        assertThat(approvers(id)).containsExactlyInAnyOrder("bob", "carol");
        assertThat(send(
                                "GET",
                                "/api/v1/apps",
                                "bob",
                                null,
                                "Origin",
                                "http://evil.example",
                                "Sec-Fetch-Site",
                                "cross-site")
                        .statusCode())
                .as("reads are not state-changing")
                .isEqualTo(200);
        api.send("POST", "/api/v1/change-requests/" + id + "/close", "alice", null);
    }

    @Test
    void the_git_webhook_which_carries_no_credentials_but_a_signature_takes_what_git_hosts_send() throws Exception {
        var formEncoded = send(
                "POST",
                "/api/v1/hooks/git",
                "bob",
                "payload=%7B%7D",
                "Content-Type",
                "application/x-www-form-urlencoded");

        assertThat(formEncoded.statusCode())
                .as("reaches the endpoint, off without a remote")
                .isEqualTo(404);
        assertThat(formEncoded.body()).contains("Push webhooks are off");
    }
}
