package dev.strata.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.VaadinSession;
import dev.strata.BareRemote;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.Replication;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Admin → Remote, on a Strata whose remote is a bare repository over file:// that goes away and comes back. */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class RemotePanelTest extends BrowserlessViewTest {

    private static BareRemote remote;

    @Autowired
    Replication replication;

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) throws IOException {
        remote = BareRemote.create();
        remote.register(registry, "strata.remote.fetch-interval", "1h");
    }

    @AfterAll
    static void removeRemote() throws IOException {
        remote.delete();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_sees_the_remote_in_step_then_unreachable_with_the_reason_then_back() throws IOException {
        UI.getCurrent().navigate("admin", QueryParameters.of("tab", "remote"));
        RemotePanel panel = find(AdminView.class).single().remote;

        assertThat(panel.state.getText()).isEqualTo("In step");
        assertThat(panel.remote.getText()).isEqualTo(remote.url());
        assertThat(panel.lastPush.getText()).contains("UTC").contains("s ago");
        assertThat(panel.problem.isVisible()).isFalse();

        try (var gone = remote.away()) {
            test(panel.fetchNow).click();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !replication.status().healthy());
            panel.show();
            assertThat(panel.state.getText()).startsWith("Cannot reach the remote");
            assertThat(panel.problem.isVisible()).isTrue();
            assertThat(panel.problem.getText()).contains("cannot be reached");
        }
        test(panel.fetchNow).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> replication.status().healthy());
        panel.show();
        assertThat(panel.state.getText()).isEqualTo("In step");
    }

    @Test
    @WithUserDetails("admin")
    void a_write_that_cannot_reach_the_remote_from_any_page_is_a_notification_with_the_reason() {
        UI.getCurrent().navigate("admin", QueryParameters.of("tab", "remote"));

        VaadinSession.getCurrent()
                .getErrorHandler()
                .error(new ErrorEvent(new IllegalStateException(
                        "from a click",
                        new RemoteUnavailableException(
                                "The remote file:///x cannot be reached: not found. Nothing was saved.", null))));

        assertThat(find(Notification.class).all())
                .anyMatch(n -> n.getElement()
                        .getProperty("text", "")
                        .equals("Not saved: The remote file:///x cannot be reached: not found. Nothing was saved."));
    }
}
