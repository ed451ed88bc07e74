package dev.strata.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.BareRemote;
import dev.strata.Browser;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In a real Chromium, on a Strata whose repository lives on a remote: a save lands on the remote
 * under the person's name; while the remote is gone, a save is refused with the reason and the
 * draft stays; the admin page shows the remote's state.
 */
@ApiTest
@FreshDataDirectory
class RemoteEndToEndIT {

    private static BareRemote remote;

    @LocalServerPort
    int port;

    private Browser browser;

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) throws IOException {
        remote = BareRemote.create();
        remote.register(registry);
    }

    @AfterAll
    static void removeRemote() throws IOException {
        remote.delete();
    }

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
        return browser.await(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='" + text + "']"));
    }

    private void save(String key, String value, String message) {
        new Actions(browser.driver()).doubleClick(cellContent(key)).perform();
        var field = browser.await(By.cssSelector("vaadin-text-field.cell-editor input"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.ENTER);
        browser.await(
                d -> d.findElement(By.cssSelector(".draft-count")).getText().equals("1 unsaved change") ? true : null);
        browser.await(By.xpath("//vaadin-button[contains(., 'Save')]")).click();
        browser.await(By.cssSelector("vaadin-dialog.save-dialog vaadin-text-field input"))
                .sendKeys(message, Keys.ENTER);
    }

    @Test
    void a_save_reaches_the_remote_and_a_save_while_it_is_gone_is_refused_with_the_reason_keeping_the_draft()
            throws IOException {
        browser.openSignedIn(base() + "/apps/payments", "alice", "demo");
        save("HTTP_TIMEOUT", "15s", "Timeout 15s for the month end");
        browser.await(d -> d.getPageSource().contains("Saved 1 change to dev as ") ? true : null);
        assertThat(GitCli.in(remote.repository(), "log", "-1", "--format=%an|%s", "main")
                        .strip())
                .isEqualTo("Alice Liddell|Timeout 15s for the month end");

        try (var gone = remote.away()) {
            save("HTTP_TIMEOUT", "20s", "Timeout 20s");
            browser.await(d -> d.getPageSource().contains("Not saved: The remote file://") ? true : null);
            browser.screenshot("remote-unreachable-save");
            assertThat(browser.driver()
                            .findElement(By.cssSelector(".draft-count"))
                            .getText())
                    .isEqualTo("1 unsaved change");
        }

        browser.open(base() + "/logout");
        browser.signIn(base(), "admin", "demo");
        browser.await(By.cssSelector(".navbar-user .user-name"));
        // on to the admin page and its tab through the menu, as the admin goes on after signing in: no new
        // load of the page (HistoryEndToEndIT opens the tab by its address)
        browser.click(By.xpath("//vaadin-side-nav-item[contains(., 'Admin')]"));
        browser.click(By.xpath("//vaadin-tab[normalize-space(.)='Remote']"));
        browser.await(By.cssSelector(".remote-panel"));
        browser.await(d -> d.getPageSource().contains(remote.url()) ? true : null);
        browser.await(By.xpath("//vaadin-button[contains(., 'Fetch now')]")).click();
        browser.await(d -> d.getPageSource().contains("In step") ? true : null);
        browser.screenshot("admin-remote");
    }
}
