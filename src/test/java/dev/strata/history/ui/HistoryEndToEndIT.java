package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.DemoCopies;
import dev.strata.GitCli;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In a real Chromium: open a key's timeline from the application page, revert a change in dev, see
 * the new commit; then the application's past state and a comparison with now. It shares its
 * Strata: the change reverted is one of a copy of checkout, and the comparison reads the demo's
 * search, which the classes sharing it leave alone.
 */
@ApiTest
class HistoryEndToEndIT {

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @LocalServerPort
    int port;

    @Test
    void alice_reverts_a_change_from_a_keys_timeline() throws Exception {
        String base = "http://localhost:" + port;
        // the demo's history of checkout's MAX_ITEMS in dev, on a copy: 100, then alice's 200
        var copies = new DemoCopies(store, secrets);
        String checkout = copies.copy("checkout").value();
        var dev = new EnvName("dev");
        copies.commit(
                new AppName(checkout),
                dev,
                new Author("Carol Danvers", "carol@example.com"),
                "Checkout in dev",
                Map.of(new SettingKey("MAX_ITEMS"), "100"));
        copies.commit(
                new AppName(checkout),
                dev,
                new Author("Alice Liddell", "alice@example.com"),
                "Carts up to 200 items for the bulk-order test",
                Map.of(new SettingKey("MAX_ITEMS"), "200"));
        try (var browser = Browser.reused()) {
            browser.openSignedIn(base + "/history", "alice", "demo");
            browser.await(By.cssSelector("vaadin-grid"));
            // the newest commit of main: the classes sharing this Strata run one after another in a JVM
            browser.await(d -> d.getPageSource().contains("Carts up to 200 items") ? true : null);
            browser.screenshot("history");

            browser.open(base + "/apps/" + checkout + "?key=MAX_ITEMS");
            browser.await(By.xpath("//div[contains(@class, 'env-blame') and contains(., 'last changed by')]"));
            browser.screenshot("application-key-blame");
            browser.await(By.xpath("//vaadin-button[@aria-label='Timeline of MAX_ITEMS in dev']"))
                    .click();
            browser.await(d ->
                    d.getCurrentUrl().endsWith("/history?app=" + checkout + "&env=dev&key=MAX_ITEMS") ? true : null);
            browser.await(d -> d.getPageSource().contains("Carts up to 200 items") ? true : null);
            browser.screenshot("history-key-timeline");
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'Carts up to 200 items')]"))
                    .click();
            browser.await(By.xpath("//vaadin-button[contains(., 'Revert this commit')]"))
                    .click();
            browser.screenshot("history-revert-confirm");
            browser.await(
                            By.xpath(
                                    "//vaadin-confirm-dialog-overlay//vaadin-button[contains(., 'Revert')] | //vaadin-button[@slot='confirm-button']"))
                    .click();

            browser.await(d -> d.getPageSource().contains("Revert \"Carts up to 200 items") ? true : null);
            browser.screenshot("history-reverted");

            browser.open(base + "/apps/" + checkout + "/at/" + git("rev-parse", "main~1"));
            browser.await(By.xpath("//span[contains(., 'A past state, read-only')]"));
            browser.screenshot("history-past-state");
            browser.open(base + "/history/compare?app=" + checkout + "&from=" + git("rev-parse", "main~1"));
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'MAX_ITEMS')]"));
            browser.screenshot("history-compare");
        }
        assertThat(git("log", "-1", "--format=%an|%s", "main"))
                .isEqualTo("Alice Liddell|Revert \"Carts up to 200 items for the bulk-order test\"");
        assertThat(git("show", "main:environments/dev/" + checkout + ".yaml")).contains("MAX_ITEMS: 100");
    }

    @Test
    void bob_compares_from_the_short_id_a_page_shows_to_a_commit_he_picks_and_keeps_the_address() throws Exception {
        String base = "http://localhost:" + port;
        String littleMore = git("log", "-1", "--format=%h", "--grep=a little more", "main");
        String evenMore = git("log", "-1", "--format=%H", "--grep=even more", "main");
        try (var browser = Browser.reused()) {
            browser.openSignedIn(base + "/history/compare?app=search&from=" + littleMore, "bob", "demo");
            browser.await(By.xpath("//vaadin-grid-cell-content[contains(., 'BOOST_RECENT')]"));
            assertThat(browser.driver().getPageSource()).doesNotContain("neither a commit id");

            browser.await(By.cssSelector("vaadin-combo-box"));
            var to = browser.driver()
                    .findElements(By.cssSelector("vaadin-combo-box"))
                    .get(1);
            to.getShadowRoot()
                    .findElement(By.cssSelector("[part~='toggle-button']"))
                    .click();
            browser.await(By.xpath("//vaadin-combo-box-item[contains(., 'Favour new products even more')]"));
            screenshots(browser, "compare-picker");
            browser.await(By.xpath("//vaadin-combo-box-item[contains(., 'Favour new products even more')]"))
                    .click();
            browser.await(d ->
                    d.getCurrentUrl().endsWith("/history/compare?app=search&from=" + littleMore + "&to=" + evenMore)
                            ? true
                            : null);

            browser.open(browser.driver().getCurrentUrl());
            browser.await(By.xpath("//*[contains(@class, 'history-commit-id') and contains(., 'From " + littleMore
                    + "')" + " and contains(., 'to " + evenMore.substring(0, 7) + "')]"));
            screenshots(browser, "compare-bookmarked");

            String icon = browser.driver()
                    .findElement(By.cssSelector("link[rel='icon']"))
                    .getAttribute("href");
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(icon)).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(icon)
                    .isEqualTo(200);

            String twoWeeksAgo = LocalDate.now(ZoneOffset.UTC).minusDays(14).toString();
            browser.open(base + "/apps/payments/at/" + twoWeeksAgo);
            browser.await(By.xpath("//span[contains(., 'A past state, read-only')]"));
            screenshots(browser, "past-state-two-weeks-ago");
            // through the menu, as a person goes on from there: the router draws each page without loading
            // the application again (LayoutEndToEndIT takes these pages' screenshots at both sizes)
            for (String page : new String[] {"History", "Change requests", "Search"}) {
                browser.await(By.xpath("//vaadin-side-nav-item[contains(., '" + page + "')]"))
                        .click();
                browser.await(d -> d.getTitle().equals(page + " · Strata") ? true : null);
                browser.await(By.xpath("//h2"));
            }
        }
        try (var browser = Browser.reused()) {
            String remote = base + "/admin?tab=remote";
            browser.open(remote);
            browser.await(By.cssSelector("vaadin-login-form"));
            screenshots(browser, "login");
            browser.signInAndReturnTo(remote, "admin", "demo");
            browser.await(By.xpath("//*[contains(., 'No remote is configured')]"));
            screenshots(browser, "admin-remote-unconfigured");
        }
    }

    /** The page at the two window sizes people use most. */
    private static void screenshots(Browser browser, String name) {
        browser.screenshot(name + "-1280x800");
        browser.driver().manage().window().setSize(new Dimension(1920, 1080));
        browser.screenshot(name + "-1920x1080");
        browser.driver().manage().window().setSize(new Dimension(1280, 800));
    }

    private String git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args).strip();
    }
}
