package dev.strata.changes.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import dev.strata.DemoCopies;
import dev.strata.GitCli;
import dev.strata.config.ConfigStore;
import dev.strata.secrets.Secrets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A promotion in real Chromium: alice proposes dev → staging from the application page, bob (in
 * his own browser) approves and merges it, and the git command line shows the merge commit with
 * its trailers and the review record under refs/strata. It shares its Strata: the promotion is of a
 * copy of payments, merged at the end.
 */
@ApiTest
class ChangeRequestEndToEndIT {

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    private String base() {
        return "http://localhost:" + port;
    }

    private static WebElement button(Browser browser, String text) {
        return browser.await(By.xpath("//vaadin-button[contains(., '" + text + "') and not(@disabled)]"));
    }

    @Test
    void alice_promotes_bob_approves_and_merges_and_git_shows_the_commit_and_the_record() throws Exception {
        String payments = new DemoCopies(store, secrets).copy("payments").value();
        String records = git("for-each-ref", "--format=%(refname)", "refs/strata/changes");
        String review;
        try (Browser alice = Browser.reused()) {
            alice.openSignedIn(base() + "/apps/" + payments, "alice", "demo");
            alice.await(d -> d.getTitle().equals(payments + " · Strata") ? true : null);
            button(alice, "Promote dev → staging").click();
            alice.await(By.cssSelector("vaadin-dialog.promote-dialog"));
            alice.await(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='HTTP_TIMEOUT']"));
            alice.screenshot("promote-dialog");
            button(alice, "Open change request").click();
            alice.await(d -> d.getCurrentUrl().matches(".*/change-requests/\\d+") ? true : null);
            review = alice.driver().getCurrentUrl();
            alice.await(By.xpath("//*[contains(@class,'review-blocker') and contains(., '0 of 1')]"));
            alice.screenshot("change-request-opened");
        }

        try (Browser bob = Browser.reused()) {
            bob.openSignedIn(base() + "/change-requests?waiting=true", "bob", "demo");
            bob.await(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='Promote " + payments
                            + " from dev to staging']"))
                    .click();
            bob.await(d -> d.getCurrentUrl().equals(review) ? true : null);
            button(bob, "Approve").click();
            bob.await(By.xpath("//*[contains(@class,'review-ready')]"));
            button(bob, "Merge").click();
            var confirm = bob.await(By.xpath("//vaadin-button[@slot='confirm-button']"));
            bob.screenshot("change-request-merge-confirm");
            confirm.click();
            bob.await(By.xpath(
                    "//vaadin-badge[normalize-space(.)='merged'] | //*[@theme and normalize-space(.)='merged']"));
            bob.await(By.xpath("//*[contains(@class,'event-merged')]"));
            bob.screenshot("change-request-merged");
        }

        String id = review.substring(review.lastIndexOf('/') + 1);
        assertThat(git("log", "-1", "--format=%an%n%B", "main"))
                .startsWith("Alice Liddell\nPromote " + payments + " from dev to staging\n")
                .contains(
                        "Change-Request: " + id,
                        "Approved-by: Bob Builder <bob@example.com>",
                        "Merged-by: Bob Builder <bob@example.com>");
        assertThat(git("show", "--format=", "main"))
                .contains("+LOG_LEVEL: DEBUG", "-LOG_LEVEL: INFO", "+HTTP_TIMEOUT: 10s");
        assertThat(git("for-each-ref", "--format=%(refname)", "refs/strata/changes")
                        .lines())
                .as("the records there were and this one")
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(records.lines(), Stream.of("refs/strata/changes/" + id))
                                .toList());
        assertThat(git("log", "--format=%an: %s", "refs/strata/changes/" + id))
                .isEqualTo("Bob Builder: Bob Builder merged change request " + id + "\n"
                        + "Bob Builder: Bob Builder approved change request " + id + "\n"
                        + "Alice Liddell: Alice Liddell opened change request " + id
                        + ": Promote " + payments + " from dev to staging\n");
        // dangling objects are no damage: on the shared Strata other classes leave some (a save refused for a conflict)
        assertThat(git("fsck", "--strict", "--no-progress", "--no-dangling")).isEmpty();
    }

    private String git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args);
    }
}
