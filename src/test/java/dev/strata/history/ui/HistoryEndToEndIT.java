package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Browser;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In a real Chromium: open a key's timeline from the application page, revert a change in dev, see
 * the new commit; then the application's past state and a comparison with now.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@FreshDataDirectory
class HistoryEndToEndIT {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Test
    void alice_reverts_a_change_from_a_keys_timeline() throws Exception {
        String base = "http://localhost:" + port;
        try (var browser = new Browser()) {
            browser.signIn(base, "alice", "demo");
            browser.await(By.cssSelector(".navbar-user"));
            browser.open(base + "/history");
            browser.await(By.cssSelector("vaadin-grid"));
            browser.await(d -> d.getPageSource().contains("Port back to 8080") ? true : null);
            browser.screenshot("history");

            browser.open(base + "/apps/checkout?key=MAX_ITEMS");
            browser.await(By.xpath("//div[contains(@class, 'env-blame') and contains(., 'last changed by')]"));
            browser.screenshot("application-key-blame");
            browser.await(By.xpath("//vaadin-button[@aria-label='Timeline of MAX_ITEMS in dev']")).click();
            browser.await(d -> d.getCurrentUrl().endsWith("/history?app=checkout&env=dev&key=MAX_ITEMS") ? true : null);
            browser.await(d -> d.getPageSource().contains("Carts up to 200 items") ? true : null);
            browser.screenshot("history-key-timeline");
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'Carts up to 200 items')]")).click();
            browser.await(By.xpath("//vaadin-button[contains(., 'Revert this commit')]")).click();
            browser.screenshot("history-revert-confirm");
            browser.await(By.xpath("//vaadin-confirm-dialog-overlay//vaadin-button[contains(., 'Revert')] | //vaadin-button[@slot='confirm-button']")).click();

            browser.await(d -> d.getPageSource().contains("Revert \"Carts up to 200 items") ? true : null);
            browser.screenshot("history-reverted");

            browser.open(base + "/apps/checkout/at/" + git("rev-parse", "main~1"));
            browser.await(By.xpath("//span[contains(., 'A past state, read-only')]"));
            browser.screenshot("history-past-state");
            browser.open(base + "/history/compare?app=checkout&from=" + git("rev-parse", "main~1"));
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'MAX_ITEMS')]"));
            browser.screenshot("history-compare");
        }
        assertThat(git("log", "-1", "--format=%an|%s", "main"))
                .isEqualTo("Alice Liddell|Revert \"Carts up to 200 items for the bulk-order test\"");
        assertThat(git("show", "main:environments/dev/checkout.yaml")).contains("MAX_ITEMS: 100");
    }

    private String git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args).strip();
    }
}
