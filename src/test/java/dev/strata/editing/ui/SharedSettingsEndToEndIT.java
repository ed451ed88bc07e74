package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.FreshDataDirectory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Shared settings in a real Chromium at 1280×800: payments shows the values it inherits from
 * observability, muted and named after the set, and the overview lists the set apart. With
 * {@code -Dstrata.screenshots} the screenshots land in target/screenshots as shared-application.png and
 * shared-overview.png.
 * A Strata of its own: the overview counts every application that takes the set in, and classes
 * sharing a Strata add copies of the demo's applications.
 */
@ApiTest
@FreshDataDirectory
class SharedSettingsEndToEndIT {

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

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script);
    }

    @Test
    void inherited_values_and_shared_sets_are_shown_apart() {
        String base = "http://localhost:" + port;
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        browser.openSignedIn(base + "/apps/payments?key=OTEL_EXPORTER_OTLP_ENDPOINT", "carol", "demo");
        browser.await(By.cssSelector(".key-details .env-source"));
        assertThat(browser.driver().findElement(By.cssSelector(".key-details")).getText())
                .contains("inherited from the shared set observability");
        assertThat((List<?>) js("""
                return [...document.querySelectorAll('vaadin-grid.settings-grid vaadin-grid-cell-content')]
                    .map(c => c.textContent).filter(t => t.endsWith('(from observability)'))"""))
                .as("the endpoint in three environments, the sampler's ratio in dev")
                .hasSizeGreaterThanOrEqualTo(3);
        browser.screenshot("shared-application");

        // through the menu: the router draws the overview without loading the application again
        browser.await(By.xpath("//vaadin-side-nav-item[contains(., 'Overview')]"))
                .click();
        browser.await(d -> d.getTitle().equals("Overview · Strata") ? true : null);
        browser.await(By.cssSelector(".shared-sets vaadin-grid-cell-content a"));
        assertThat(browser.driver().findElement(By.cssSelector(".shared-sets")).getText())
                .contains("Shared sets", "observability", "used by 2 applications");
        browser.screenshot("shared-overview");
    }
}
