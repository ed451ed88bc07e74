package dev.strata.history.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;

/** A force push outside Strata, made with the git command line, is a warning on the History page. */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class HistoryRewriteViewTest extends BrowserlessViewTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @TempDir
    Path work;

    private String git(String... args) {
        return GitCli.asMallory(work, args);
    }

    private HistoryView open() {
        UI.getCurrent().navigate("history");
        return (HistoryView) getCurrentView();
    }

    @Test
    @WithUserDetails("bob")
    void a_history_rewritten_by_a_force_push_is_a_warning_naming_the_old_and_new_heads() throws Exception {
        assertThat(open().rewrites.isVisible())
                .as("no warning before the rewrite")
                .isFalse();
        git("clone", "-q", dataDir.resolve("config.git").toString(), "clone");
        String lost = git("-C", "clone", "rev-parse", "HEAD");
        git("-C", "clone", "reset", "-q", "--hard", "HEAD~3");
        git("-C", "clone", "commit", "-q", "--allow-empty", "-m", "Quietly rewritten");
        git("-C", "clone", "push", "-q", "--force", "origin", "main");
        String rewritten = git("-C", "clone", "rev-parse", "HEAD");

        // the page is opened again on the test's own thread, where the UI is
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(10))
                .until(() -> open().rewrites.isVisible());
        HistoryView view = open();
        assertThat(find(Span.class, view.rewrites).single().getText())
                .contains(
                        "rewritten outside Strata",
                        lost.substring(0, 7),
                        rewritten.substring(0, 7),
                        "refs/strata/rewritten/");
    }
}
