package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.DemoCopies;
import dev.strata.GitCli;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Change a value in dev in a real Chromium, and check the commit with the real git command line. It
 * shares its Strata: what a test changes is a copy of a demo application or one of its own, and the
 * classes sharing it run one after another in their JVM, so the newest commit is this test's.
 */
@ApiTest
class ApplicationEditingEndToEndIT {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

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

    private WebElement cellContent(String text) {
        return browser.await(By.xpath("//vaadin-grid-cell-content[normalize-space(.)=" + quoted(text) + "]"));
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    @Test
    void alice_changes_a_value_in_dev_and_the_newest_commit_is_hers_with_her_message_and_a_one_line_diff()
            throws Exception {
        String payments = new DemoCopies(store, secrets).copy("payments").value();
        browser.openSignedIn(base() + "/", "alice", "demo");
        // the overview's rows: not the demo's payments, which the classes sharing this Strata can push below
        // the rows drawn, as their copies of checkout and other applications sort before it
        browser.await(By.cssSelector("a.app-link"));
        browser.screenshot("overview-alice");
        // the copy may be far down a list the classes sharing this Strata have made long
        browser.await(By.cssSelector("input[placeholder='Filter by name or owner']"))
                .sendKeys(payments);
        // the list is drawn again as the filter narrows it: the link can lie under the page for a moment
        browser.click(By.linkText(payments));
        browser.await(d -> d.getTitle().equals(payments + " · Strata") ? true : null);
        cellContent("HTTP_TIMEOUT");
        browser.screenshot("application-payments");

        new Actions(browser.driver()).doubleClick(cellContent("HTTP_TIMEOUT")).perform();
        var field = browser.await(By.cssSelector("vaadin-text-field.cell-editor input"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), "15s");
        browser.await(
                d -> d.findElement(By.cssSelector(".draft-count")).getText().equals("1 unsaved change") ? true : null);
        browser.screenshot("application-editing");
        field.sendKeys(Keys.ENTER);
        browser.await(By.xpath("//vaadin-button[contains(., 'Save')]")).click();
        var message = browser.await(By.cssSelector("vaadin-dialog.save-dialog vaadin-text-field input"));
        browser.screenshot("application-save-dialog");
        message.sendKeys("Timeout 15s: the bank answers slowly at month end", Keys.ENTER);

        browser.await(d -> d.getPageSource().contains("Saved 1 change to dev as ") ? true : null);
        cellContent("15s");
        browser.screenshot("application-saved");

        browser.await(By.xpath("//vaadin-button[contains(., 'Download')]")).click();
        var link = browser.await(By.cssSelector("vaadin-dialog.export-dialog a[download]"));
        browser.screenshot("application-download");
        Object downloaded = ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0].href).then(r => r.text()).then(done, e => done(String(e)));",
                        link);
        assertThat(downloaded).asString().contains("HTTP_TIMEOUT=15s\n", "LOG_LEVEL=DEBUG\n");

        assertThat(git("log", "-1", "--format=%an%n%s"))
                .isEqualTo("Alice Liddell\nTimeout 15s: the bank answers slowly at month end\n");
        assertThat(git("show", "--stat", "--format=", "HEAD"))
                .contains(
                        "environments/dev/" + payments + ".yaml | 2 +-",
                        "1 file changed, 1 insertion(+), 1 deletion(-)");
        assertThat(git("show", "--format=", "HEAD")).contains("-HTTP_TIMEOUT: 10s", "+HTTP_TIMEOUT: 15s");

        browser.driver()
                .findElement(By.cssSelector("vaadin-dialog.export-dialog"))
                .sendKeys(Keys.ESCAPE);
        browser.await(By.xpath("//vaadin-button[contains(., 'Import')]")).click();
        browser.await(By.cssSelector("vaadin-dialog.import-dialog vaadin-text-area textarea"))
                .sendKeys("LOG_LEVEL=WARN\nserver.port=eighty\nnot a line\n");
        browser.await(By.xpath(
                        "//vaadin-dialog[contains(@class, 'import-dialog')]//vaadin-button[contains(., 'Preview')]"))
                .click();
        browser.await(By.cssSelector(".import-problem"));
        browser.screenshot("application-import-errors");
    }

    @Test
    void a_conflicting_edit_is_settled_by_choosing_mine_and_lands_as_one_commit() throws Exception {
        String checkout = new DemoCopies(store, secrets).copy("checkout").value();
        browser.openSignedIn(base() + "/apps/" + checkout, "alice", "demo");
        new Actions(browser.driver()).doubleClick(cellContent("CART_TTL")).perform();
        var field = browser.await(By.cssSelector("vaadin-text-field.cell-editor input"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1h");
        browser.await(
                d -> d.findElement(By.cssSelector(".draft-count")).getText().equals("1 unsaved change") ? true : null);
        field.sendKeys(Keys.ENTER);
        var theirs = new TreeMap<SettingKey, String>();
        theirs.put(new SettingKey("CART_TTL"), "90m");
        store.commit(new ChangeSet(
                new AppName(checkout),
                new EnvName("dev"),
                theirs,
                new TreeSet<>(),
                "Carol's TTL",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        browser.await(By.xpath("//vaadin-button[contains(., 'Save')]")).click();
        browser.await(By.cssSelector("vaadin-dialog.save-dialog vaadin-text-field input"))
                .sendKeys("Carts live an hour", Keys.ENTER);
        browser.await(By.cssSelector(".conflict-values"));
        browser.screenshot("application-conflict");
        browser.await(By.xpath("//vaadin-radio-button[contains(., 'Use mine')]"))
                .click();
        browser.await(By.xpath("//vaadin-button[contains(., 'Save with these choices')]"))
                .click();

        browser.await(d -> d.getPageSource().contains("Saved 1 change to dev as ") ? true : null);
        assertThat(git("log", "-1", "--format=%an%n%s")).isEqualTo("Alice Liddell\nCarts live an hour\n");
        assertThat(git("show", "--format=", "HEAD")).contains("-CART_TTL: 90m", "+CART_TTL: 1h");
    }

    @Test
    void an_application_with_2000_keys_renders_only_the_visible_rows_and_scrolls_to_its_last_key() {
        AppName huge = new DemoCopies(store, secrets).create("huge", dev.strata.config.Schema.EMPTY);
        var set = new TreeMap<SettingKey, String>();
        for (int i = 0; i < 2000; i++) {
            set.put(new SettingKey("KEY_%04d".formatted(i)), "value-" + i);
        }
        store.commit(new ChangeSet(
                huge,
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "2,000 keys",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        browser.openSignedIn(base() + "/apps/" + huge.value(), "bob", "demo");
        cellContent("KEY_0000");
        var js = (JavascriptExecutor) browser.driver();
        long rendered = (Long) js.executeScript("return document.querySelector('vaadin-grid.settings-grid')"
                + ".querySelectorAll('vaadin-grid-cell-content').length");
        assertThat(rendered)
                .as("cells in the page: the grid renders what is visible, not 2,000 rows")
                .isLessThan(600);

        js.executeScript("document.querySelector('vaadin-grid.settings-grid').scrollToIndex(1999)");
        cellContent("KEY_1999");
        cellContent("value-1999");
        browser.screenshot("application-2000-keys-end");
    }

    @Test
    void html_and_script_in_values_are_shown_as_text_and_never_run() {
        String hostile = "<img src=x onerror=\"window.strataInjected=1\"><script>window.strataInjected=2</script>";
        String checkout = new DemoCopies(store, secrets).copy("checkout").value();
        var set = new TreeMap<SettingKey, String>();
        set.put(new SettingKey("GREETING"), hostile);
        store.commit(new ChangeSet(
                new AppName(checkout),
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "Hostile value",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));

        browser.openSignedIn(base() + "/apps/" + checkout + "?key=GREETING", "bob", "demo");
        browser.await(d -> d.getPageSource().contains("key-details") ? true : null);
        var cell = cellContent(hostile);

        assertThat(cell.getText()).isEqualTo(hostile);
        assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.strataInjected === undefined"))
                .isEqualTo(true);
        assertThat(browser.driver().findElements(By.cssSelector("vaadin-grid-cell-content img, .key-details img")))
                .isEmpty();
        browser.screenshot("application-hostile-value");

        browser.driver().manage().window().setSize(new Dimension(420, 800));
        browser.open(base() + "/apps/" + checkout);
        cellContent("MAX_ITEMS");
        browser.screenshot("application-narrow");
    }

    @Test
    void an_admin_opens_the_new_application_dialog_escape_closes_it_and_search_finds_keys() {
        browser.openSignedIn(base() + "/", "admin", "demo");
        browser.click(By.xpath("//vaadin-button[contains(., 'New application')]"));
        browser.await(By.cssSelector("vaadin-dialog.new-application-dialog vaadin-text-field input"))
                .sendKeys("billing");
        browser.await(By.xpath("//vaadin-button[contains(., 'Add key')]")).click();
        browser.await(By.cssSelector(".key-fields vaadin-text-field input")).sendKeys("RETRY_LIMIT");
        browser.screenshot("overview-new-application");

        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);

        browser.await(d -> d.findElements(By.cssSelector("vaadin-dialog.new-application-dialog[opened]"))
                        .isEmpty()
                ? true
                : null);
        browser.await(By.linkText("Search all keys and values")).click();
        browser.await(By.cssSelector(".search-view vaadin-text-field input")).sendKeys("internal");
        browser.await(By.linkText("PAYMENTS_URL"));
        browser.screenshot("search");
    }

    private String git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args);
    }
}
