package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.DemoCopies;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every page in a real Chromium at 1280×800 and 1920×1080: nothing runs off the right edge, the
 * settings grid fills the height and keeps the production column in view beside the side panel.
 * With {@code -Dstrata.screenshots} the screenshots land in target/screenshots as layout-&lt;page&gt;-&lt;size&gt;.png.
 * <p>
 * Each page is opened once, at the smaller size (by its address, or through the menu or a click where
 * a person goes on from the page before), and checked again after the window grows to the larger one:
 * Strata decides nothing by the window's size on the server (the layout is CSS, its one
 * media query and Vaadin's components, which all follow a resize), so a page resized is laid out as the
 * same page loaded at that size, and what runs off the edge at either size still fails.
 * It shares its Strata: the long value and the change request go to a copy of payments, and the
 * change request is closed after.
 */
@ApiTest
class LayoutEndToEndIT {

    static final List<Dimension> SIZES = List.of(new Dimension(1280, 800), new Dimension(1920, 1080));
    static final String LONG = "x".repeat(10_000);

    /** Elements of the page whose right edge is beyond the window; a grid's cells scroll inside it and do not count. */
    static final String OFF_THE_RIGHT_EDGE = """
            return [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('vaadin-grid') && e.getClientRects().length > 0)
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName.toLowerCase() + '.' + e.className).slice(0, 5);""";

    /** Waits two frames: what a resize changes (resize observers, the grid's rows) is drawn by then. */
    static final String TWO_FRAMES = """
            const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => done(true)));""";

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Autowired
    ChangeRequestStore requests;

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

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, arguments);
    }

    private static String size(Dimension size) {
        return size.getWidth() + "x" + size.getHeight();
    }

    /** Makes the page itself {@code size}, whatever the browser takes around it and however large the screen. */
    private void windowOf(Dimension size) {
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of(
                                "width",
                                size.getWidth(),
                                "height",
                                size.getHeight(),
                                "deviceScaleFactor",
                                1,
                                "mobile",
                                false));
        ((JavascriptExecutor) browser.driver()).executeAsyncScript(TWO_FRAMES);
        assertThat(js("return window.innerWidth + 'x' + window.innerHeight")).isEqualTo(size(size));
    }

    /** Opens a page at the smaller size, waits for {@code ready}, then checks it at each size ({@link #fits}). */
    private void page(String path, By ready, String name, Consumer<String> also) {
        windowOf(SIZES.get(0));
        browser.open(base() + path);
        browser.await(ready);
        fits(name, also);
    }

    /**
     * At each size in turn, the page open now: its screenshot, nothing off the right edge, and
     * {@code also} (given the size) for what else the page must keep.
     */
    private void fits(String name, Consumer<String> also) {
        for (Dimension size : SIZES) {
            windowOf(size);
            browser.screenshot("layout-" + name + "-" + size(size));
            assertThat((List<?>) js(OFF_THE_RIGHT_EDGE))
                    .as(name + " at " + size(size))
                    .isEmpty();
            also.accept(size(size));
        }
    }

    @Test
    void every_page_fits_the_window_at_both_sizes_and_the_settings_grid_fills_it() {
        String payments = new DemoCopies(store, secrets).copy("payments").value();
        var note = new TreeMap<SettingKey, String>(Map.of(new SettingKey("RELEASE_NOTE"), LONG));
        store.commit(new ChangeSet(
                new AppName(payments),
                new EnvName("dev"),
                note,
                new TreeSet<>(),
                "A long note",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.PROMOTION,
                new AppName(payments),
                new EnvName("dev"),
                new EnvName("staging"),
                "Debug logs in staging",
                "QA asked for it.\nOnly for this week.\n\nThen back to INFO.",
                null,
                null);
        var proposal = new Proposal(
                store.head(), new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")), new TreeSet<>());
        var bob = new Actor("bob", new Author("Bob Builder", "bob@example.com"));
        long id = requests.open(about, proposal, new Actor("alice", new Author("Alice Liddell", "alice@example.com")))
                .id();
        requests.append(
                id, current -> new ChangeRequestStore.Step(ChangeRequestEvent.Type.COMMENTED, bob, LONG, null, null));
        try {
            windowOf(SIZES.get(0));
            browser.openSignedIn(base() + "/", "carol", "demo");
            // the overview's rows (the demo's payments may be below those drawn: the classes sharing this
            // Strata add applications that sort before it)
            browser.await(By.cssSelector("a.app-link"));
            fits("overview", size -> {});
            pages(payments, id);
        } finally {
            // classes sharing this Strata expect no change request of theirs left open
            requests.append(id, current -> ChangeRequestStore.Step.of(ChangeRequestEvent.Type.CLOSED, bob));
        }
    }

    /**
     * Goes on to a page through the menu at the smaller size, as a person does, then checks it at each
     * size ({@link #fits}): the router draws the page in the layout already loaded, the same layout a
     * page loaded at its address gets, so what runs off the edge still fails (and Vaadin's bundle is not
     * loaded and run again).
     */
    private void menu(String item, By ready, String name) {
        windowOf(SIZES.get(0));
        browser.click(By.xpath("//vaadin-side-nav-item[contains(., '" + item + "')]"));
        browser.await(d -> d.getTitle().equals(item + " · Strata") ? true : null);
        browser.await(ready);
        fits(name, size -> {});
    }

    /** The settings grid's cell of {@code key}, scrolled into the grid's view as a person scrolls to it. */
    private WebElement key(String key) {
        By cell = By.xpath("//vaadin-grid-cell-content[normalize-space(.)='" + key + "']");
        browser.await(d -> d.findElements(cell).isEmpty() ? null : true);
        js("arguments[0].scrollIntoView({block: 'center'})", browser.driver().findElement(cell));
        return browser.await(cell);
    }

    private void pages(String payments, long id) {
        menu("History", By.cssSelector("vaadin-grid"), "history");
        menu("Change requests", By.cssSelector("vaadin-grid.change-requests-grid"), "change-requests");
        menu("Search", By.cssSelector(".search-view"), "search");
        page("/change-requests/" + id, By.cssSelector(".review-description"), "review", size -> {
            assertThat(js("return getComputedStyle(document.querySelector('.review-description')).whiteSpace"))
                    .as("the description keeps its lines")
                    .isEqualTo("pre-wrap");
            assertThat((Long) js("return document.querySelector('.review-description').getClientRects().length"))
                    .isPositive();
        });

        page(
                "/apps/" + payments,
                By.cssSelector("vaadin-grid.settings-grid vaadin-grid-cell-content"),
                "application",
                size -> assertThat(((Number) js("""
                    return window.innerHeight - document.querySelector('vaadin-grid.settings-grid').getBoundingClientRect().bottom""")).doubleValue())
                        .as("the grid reaches down to the bottom of the window at " + size)
                        .isLessThan(40.0));

        // the side panel of the key clicked, as a person opens it (ApplicationEditingEndToEndIT and
        // SharedSettingsEndToEndIT open it by the address ?key=): the same panel in the same page
        windowOf(SIZES.get(0));
        key("RELEASE_NOTE").click();
        browser.await(By.xpath("//*[contains(@class, 'key-details') and contains(., 'RELEASE_NOTE')]"));
        fits("application-side-panel", size -> {
            assertThat((Boolean) js("""
                    const grid = document.querySelector('vaadin-grid.settings-grid').getBoundingClientRect();
                    const panel = document.querySelector('.key-details').getBoundingClientRect();
                    const header = [...document.querySelectorAll('vaadin-grid.settings-grid vaadin-grid-cell-content')]
                        .find(c => c.textContent.trim() === 'production').getBoundingClientRect();
                    return header.width > 0 && header.left >= grid.left && header.right <= grid.right + 1
                        && grid.right <= panel.left;"""))
                    .as("the production column is in view beside the side panel at " + size)
                    .isTrue();
            assertThat(browser.await(By.xpath("//vaadin-grid-cell-content[contains(., '(10000 characters')]"))
                            .getText())
                    .as("the grid shows the start of a long value")
                    .hasSizeLessThan(300);
        });

        // the draft on the same page, as a person edits after reading the note: no new load of the page
        windowOf(SIZES.get(0));
        new Actions(browser.driver()).doubleClick(key("HTTP_TIMEOUT")).perform();
        browser.await(By.cssSelector("vaadin-text-field.cell-editor input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "15s", Keys.ENTER);
        browser.await(By.cssSelector(".draft-panel"));
        fits("application-draft", size -> {});
        browser.await(By.xpath("//vaadin-button[normalize-space(.)='Discard']")).click();
        browser.await(d ->
                d.findElements(By.cssSelector(".draft-panel")).stream().noneMatch(e -> e.isDisplayed()) ? true : null);
    }

    @Test
    void letters_typed_into_a_number_cell_are_refused_with_the_reason_under_the_cell() {
        browser.openSignedIn(base() + "/apps/search", "alice", "demo");
        new Actions(browser.driver())
                .doubleClick(
                        browser.await(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='RESULTS_PER_PAGE']")))
                .perform();

        browser.await(By.cssSelector("vaadin-integer-field.cell-editor input")).sendKeys("abc");

        var message = browser.await(By.cssSelector("vaadin-integer-field.cell-editor[invalid] [slot='error-message']"));
        assertThat(message.getText()).isEqualTo("'c' cannot be part of a whole number such as 42.");
        browser.screenshot("layout-application-refused-letter");
        assertThat(browser.await(By.cssSelector(".key-details")).getText()).contains("RESULTS_PER_PAGE");
    }

    @Test
    void the_admin_page_fits_the_window_at_both_sizes() {
        windowOf(SIZES.get(0));
        browser.openSignedIn(base() + "/admin", "admin", "demo");
        browser.await(By.cssSelector("vaadin-grid vaadin-grid-cell-content"));
        fits("admin", size -> {});
    }
}
