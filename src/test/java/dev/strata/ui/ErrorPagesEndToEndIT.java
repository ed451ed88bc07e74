package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A mistyped address and a forbidden page, in a real Chromium: the app's frame, the reason, the ways on.
 * It only reads, so it shares its Strata with the other classes marked only {@link ApiTest}.
 */
@ApiTest
class ErrorPagesEndToEndIT {

    @LocalServerPort
    int port;

    @Test
    void a_mistyped_address_and_a_forbidden_page_are_shown_inside_the_app() {
        String base = "http://localhost:" + port;
        try (var browser = Browser.reused()) {
            browser.openSignedIn(base + "/admin", "bob", "demo");
            assertThat(browser.await(By.cssSelector(".empty-state h2")).getText())
                    .isEqualTo("You may not open this page");
            browser.screenshot("error-forbidden-1280x800");

            browser.open(base + "/nosuchpage");
            assertThat(browser.await(By.cssSelector(".empty-state h2")).getText())
                    .isEqualTo("Page not found");
            assertThat(browser.await(By.cssSelector(".navbar-user .user-name")).isDisplayed())
                    .isTrue();
            browser.screenshot("error-not-found-1280x800");
        }
    }
}
