package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on through the real authorization code flow: Strata redirects to a real OpenID
 * Connect provider (mock-oauth2-server, started here), which redirects back with a code that
 * Strata exchanges for a signed ID token over HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "strata.demo=true",
            "strata.oidc.roles-claim=groups",
            "strata.oidc.role-mapping.platform-admins=admin",
            "strata.oidc.role-mapping.payments-devs=editor:dev, approver:staging",
            "strata.oidc.teams-claim=groups",
            "strata.oidc.team-mapping.payments-devs=team-payments"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OidcSignInTest {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        CorpSso.register(PROVIDER, registry);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    AccountDirectory accounts;

    /** Follows every redirect like a browser, keeping cookies, and answers where it ended and what it got. */
    private HttpResponse<String> signInThroughTheProvider(Map<String, Object> claims) throws Exception {
        return signInThroughTheProvider("subject-" + claims.hashCode(), claims);
    }

    private HttpResponse<String> signInThroughTheProvider(String subject, Map<String, Object> claims) throws Exception {
        PROVIDER.enqueueCallback(
                new DefaultOAuth2TokenCallback("corp", subject, "JWT", List.of("strata"), claims, 3600));
        var http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        URI next = URI.create("http://localhost:" + port + "/oauth2/authorization/corp");
        for (int hops = 0; hops < 10; hops++) {
            var response = http.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
            var location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return response;
            }
            next = next.resolve(location.get());
        }
        throw new AssertionError("too many redirects");
    }

    @Test
    void a_person_signs_in_at_the_identity_provider_with_roles_from_their_groups(CapturedOutput output)
            throws Exception {
        var page = signInThroughTheProvider(Map.of(
                "preferred_username",
                "pat",
                "name",
                "Pat Doe",
                "email",
                "pat@example.com",
                "groups",
                List.of("platform-admins", "payments-devs", "unknown-group")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).as("back in Strata, signed in").isEqualTo("/");
        assertThat(output.getAll())
                .contains(
                        "access event=sign-in method=oidc provider=corp user=pat roles=admin,approver:staging,editor:dev");
    }

    @Test
    void teams_come_from_the_teams_claim_and_are_read_again_at_each_sign_in(CapturedOutput output) throws Exception {
        signInThroughTheProvider(
                "subject-robin",
                Map.of(
                        "preferred_username",
                        "robin",
                        "email",
                        "robin@example.com",
                        "groups",
                        List.of("payments-devs", "coffee-club")));
        assertThat(output.getAll()).contains("user=robin roles=approver:staging,editor:dev teams=team-payments");
        assertThat(accounts.teamsOf("robin")).containsExactly("team-payments");

        signInThroughTheProvider(
                "subject-robin",
                Map.of("preferred_username", "robin", "email", "robin@example.com", "groups", List.of("coffee-club")));

        assertThat(output.getAll()).contains("user=robin roles=none teams=none");
        assertThat(accounts.teamsOf("robin"))
                .as("left the team at the identity provider")
                .isEmpty();
    }

    @Test
    void a_token_without_email_signs_in_read_only(CapturedOutput output) throws Exception {
        var page =
                signInThroughTheProvider(Map.of("preferred_username", "quinn", "groups", List.of("platform-admins")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(output.getAll()).contains("access event=sign-in method=oidc provider=corp user=quinn roles=none");
    }

    @Test
    void an_identity_claiming_someone_elses_email_is_refused(CapturedOutput output) throws Exception {
        var local = signInThroughTheProvider(Map.of(
                "preferred_username", "mallory", "email", "alice@example.com", "groups", List.of("platform-admins")));
        assertThat(local.uri().getPath())
                .as("alice@example.com is the local account alice")
                .isEqualTo("/login");
        assertThat(output.getAll()).contains("access event=sign-in-refused method=oidc provider=corp user=mallory");

        assertThat(signInThroughTheProvider(Map.of("preferred_username", "sam", "email", "sam@corp.example.com"))
                        .uri()
                        .getPath())
                .isEqualTo("/");
        var second = signInThroughTheProvider(
                Map.of("preferred_username", "sam-too", "email", "Sam@corp.example.com", "name", "Sam"));
        assertThat(second.uri().getPath())
                .as("another subject with sam's e-mail")
                .isEqualTo("/login");
        assertThat(output.getAll())
                .doesNotContain(
                        "access event=sign-in method=oidc provider=corp user=mallory",
                        "access event=sign-in method=oidc provider=corp user=sam-too");
    }
}
