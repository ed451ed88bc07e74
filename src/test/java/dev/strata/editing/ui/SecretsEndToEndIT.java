package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.DemoCopies;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In a real Chromium: an admin marks a key secret in the schema dialog; an editor is warned about a
 * credential. It shares its Strata: each test changes a copy of a demo application.
 */
@ApiTest
class SecretsEndToEndIT {

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    private String git(String... args) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of(
                "git", "--git-dir", dataDir.resolve("config.git").toString()));
        command.addAll(java.util.List.of(args));
        var process = new ProcessBuilder(command).start();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void an_admin_marks_a_key_secret_and_sees_the_history_warning() throws Exception {
        String base = "http://localhost:" + port;
        String payments = new DemoCopies(store, secrets).copy("payments").value();
        try (var browser = Browser.reused()) {
            browser.openSignedIn(base + "/apps/" + payments, "admin", "demo");
            browser.await(By.xpath("//vaadin-button[contains(., 'Schema')]")).click();
            browser.await(By.cssSelector("vaadin-dialog.schema-dialog .key-fields"));
            WebElement secret = (WebElement) ((JavascriptExecutor) browser.driver()).executeScript("""
                    return [...document.querySelectorAll('vaadin-dialog.schema-dialog .key-fields')]
                        .find(row => row.querySelector('vaadin-text-field').value === 'DATABASE_URL')
                        .querySelectorAll('vaadin-checkbox')[1];""");
            secret.click();
            browser.await(By.cssSelector("vaadin-dialog.schema-dialog .history-warning"));
            browser.screenshot("schema-dialog-mark-secret");
            browser.await(By.xpath("//vaadin-button[contains(., 'Save schema')]"))
                    .click();
            browser.await(d -> d.getPageSource().contains("Earlier values remain in the history") ? true : null);
            browser.screenshot("schema-history-reminder");
        }
        assertThat(git("show", "main:environments/production/" + payments + ".yaml"))
                .contains("DATABASE_URL: ENC[v1:")
                .doesNotContain("jdbc:postgresql");
    }

    @Test
    void an_editor_saving_a_credential_is_offered_to_mark_it_secret() throws Exception {
        String base = "http://localhost:" + port;
        String checkout = new DemoCopies(store, secrets).copy("checkout").value();
        // this test's own: other classes sharing this Strata commit such passwords in plaintext on purpose
        String password = "hunter2-smtp-" + checkout;
        try (var browser = Browser.reused()) {
            browser.openSignedIn(base + "/apps/" + checkout, "alice", "demo");
            browser.await(By.xpath("//vaadin-button[contains(., 'Add key')]")).click();
            browser.await(By.cssSelector("vaadin-dialog.add-key-dialog vaadin-combo-box input"))
                    .sendKeys("SMTP_PASSWORD", Keys.TAB);
            browser.await(By.cssSelector("vaadin-dialog.add-key-dialog vaadin-text-field input"))
                    .sendKeys(password);
            browser.await(By.xpath("//vaadin-button[contains(., 'Add to draft')]"))
                    .click();
            browser.await(d ->
                    d.findElement(By.cssSelector(".draft-count")).getText().equals("1 unsaved change") ? true : null);
            browser.await(By.xpath("//vaadin-button[contains(., 'Save…')]")).click();
            browser.await(By.cssSelector("vaadin-dialog.save-dialog .credential-warnings"));
            browser.await(By.cssSelector("vaadin-dialog.save-dialog vaadin-text-field input"))
                    .sendKeys("Mail for receipts");
            browser.screenshot("save-credential-warning");
            browser.await(By.xpath("//vaadin-button[contains(., 'Mark secret and save')]"))
                    .click();
            browser.await(d -> d.getPageSource().contains("Marked SMTP_PASSWORD secret") ? true : null);
        }
        assertThat(git("show", "main:environments/dev/" + checkout + ".yaml")).contains("SMTP_PASSWORD: ENC[v1:");
        assertThat(git("cat-file", "--batch-all-objects", "--batch")).doesNotContain(password);
    }
}
