package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Browser;
import dev.strata.FreshDataDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** In a real Chromium: open a key's timeline by its bookmarkable URL, revert a change in dev, see the new commit. */
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

            browser.open(base + "/history?app=checkout&env=dev&key=MAX_ITEMS");
            browser.await(d -> d.getPageSource().contains("Carts up to 200 items") ? true : null);
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'Carts up to 200 items')]")).click();
            browser.await(By.xpath("//vaadin-button[contains(., 'Revert this commit')]")).click();
            browser.screenshot("history-revert-confirm");
            browser.await(By.xpath("//vaadin-confirm-dialog-overlay//vaadin-button[contains(., 'Revert')] | //vaadin-button[@slot='confirm-button']")).click();

            browser.await(d -> d.getPageSource().contains("Revert \"Carts up to 200 items") ? true : null);
            browser.screenshot("history-reverted");
        }
        var log = new ProcessBuilder("git", "--git-dir", dataDir.resolve("config.git").toString(), "log", "-1",
                "--format=%an|%s", "main").start();
        assertThat(new String(log.getInputStream().readAllBytes()).strip())
                .isEqualTo("Alice Liddell|Revert \"Carts up to 200 items for the bulk-order test\"");
    }
}
