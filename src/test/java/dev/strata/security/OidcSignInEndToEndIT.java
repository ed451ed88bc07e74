package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Browser;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** "Sign in with Corp SSO" in a real Chromium, through a real OpenID Connect provider and back. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"strata.demo=true", "strata.oidc.role-mapping.platform-admins=admin"})
@DirtiesContext
class OidcSignInEndToEndIT {

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

    Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = Browser.reused();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private void signInWithTheProvider(String path, Map<String, Object> claims) {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(
                "corp", "sub-" + claims.get("preferred_username"), "JWT", List.of("strata"), claims, 3600));
        browser.open("http://localhost:" + port + path);
        browser.await(By.tagName("vaadin-login-form"));
        browser.screenshot("login-with-sso");
        browser.await(By.xpath("//a[contains(., 'Sign in with Corp SSO')]")).click();
    }

    @Test
    void an_admin_of_the_identity_provider_lands_on_the_admin_page_as_themselves() {
        signInWithTheProvider(
                "/admin",
                Map.of(
                        "preferred_username",
                        "pat",
                        "name",
                        "Pat Doe",
                        "email",
                        "pat@example.com",
                        "groups",
                        List.of("platform-admins")));

        assertThat(browser.await(By.cssSelector(".navbar-user .user-name")).getText())
                .isEqualTo("Pat Doe");
        assertThat(browser.await(By.cssSelector(".navbar-user .user-roles")).getText())
                .isEqualTo("admin");
        browser.await(d -> d.getTitle().equals("Admin · Strata") ? true : null);
        browser.await(By.tagName("vaadin-grid"));
        browser.screenshot("admin-accounts");
        // on through the tabs, as Pat goes on: the tab is drawn without loading the page again, and the
        // address names it (RemoteEndToEndIT and HistoryEndToEndIT open a tab by its address)
        tab("API tokens", "tokens");
        browser.await(By.xpath("//vaadin-button[contains(., 'New token')]")).click();
        browser.await(By.tagName("vaadin-multi-select-combo-box"));
        browser.screenshot("admin-new-token");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.await(
                d -> d.findElements(By.cssSelector("vaadin-dialog[opened]")).isEmpty() ? true : null);
        tab("Environment policies", "policies");
        browser.await(By.tagName("vaadin-integer-field"));
        browser.screenshot("admin-policies");
        tab("Secrets key", "secrets");
        browser.await(By.xpath("//p[starts-with(normalize-space(.), 'Secret values are sealed with key')]"));
        browser.screenshot("admin-secrets-key");
    }

    private void tab(String label, String name) {
        browser.click(By.xpath("//vaadin-tab[normalize-space(.)='" + label + "']"));
        browser.await(d -> d.getCurrentUrl().endsWith("/admin?tab=" + name) ? true : null);
    }

    @Test
    void someone_whose_groups_mean_nothing_here_reads_only_and_is_told_why() {
        signInWithTheProvider(
                "/",
                Map.of(
                        "preferred_username",
                        "robin",
                        "name",
                        "Robin Hood",
                        "email",
                        "robin@example.com",
                        "groups",
                        List.of("sherwood")));

        assertThat(browser.await(By.cssSelector(".navbar-user .user-name")).getText())
                .isEqualTo("Robin Hood");
        assertThat(browser.await(By.cssSelector(".navbar-user .user-roles")).getText())
                .isEqualTo("read only");
        var notice = browser.await(By.tagName("vaadin-notification-card"));
        assertThat(notice.getText()).contains("None of your groups (sherwood) has a role in Strata");
        assertThat(browser.driver().findElements(By.xpath("//vaadin-side-nav-item[contains(., 'Admin')]")))
                .isEmpty();
        browser.screenshot("sso-read-only");
    }
}
