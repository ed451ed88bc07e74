package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.FreshDataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Sign in, see the overview, sign out — in a real Chromium against a running Strata. */
@ApiTest
@FreshDataDirectory
class SignInEndToEndIT {

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

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void a_demo_user_signs_in_sees_the_overview_and_signs_out() {
        browser.open(base() + "/history");
        browser.await(By.tagName("vaadin-login-form"));
        browser.screenshot("login");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");

        browser.signIn(base(), "alice", "demo");

        var name = browser.await(By.cssSelector(".navbar-user .user-name"));
        assertThat(name.getText()).isEqualTo("Alice Liddell");
        assertThat(browser.await(By.cssSelector(".navbar-user .user-roles")).getText())
                .isEqualTo("editor:dev, editor:staging");
        assertThat(browser.driver().getTitle()).as("back on the page asked for").isEqualTo("History · Strata");
        browser.await(By.xpath("//vaadin-side-nav-item[contains(., 'Overview')]"))
                .click();
        browser.await(d -> d.getTitle().equals("Overview · Strata") ? true : null);
        browser.screenshot("overview");

        browser.await(By.xpath("//vaadin-button[contains(., 'Sign out')]")).click();

        browser.await(By.tagName("vaadin-login-form"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        browser.open(base() + "/");
        browser.await(By.tagName("vaadin-login-form"));
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_generic_message() {
        browser.signIn(base(), "alice", "wrong");
        String knownUser = errorShown();
        browser.screenshot("login-failed");

        browser.signIn(base(), "nobody", "wrong");
        String unknownUser = errorShown();

        assertThat(knownUser)
                .isEqualTo("The user name or password is not correct.")
                .isEqualTo(unknownUser);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?error");
    }

    private String errorShown() {
        return browser.await(d -> (String) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("const f = document.querySelector('vaadin-login-form');"
                        + "return f && f.error && location.search === '?error' ? f.i18n.errorMessage.message : null;"));
    }
}
