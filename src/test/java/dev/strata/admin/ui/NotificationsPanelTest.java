package dev.strata.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.notifications.Webhooks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The admin page's Notifications tab: webhooks added, pinged, their deliveries shown, deleted. The
 * tests share one Strata, and each starts without webhooks: the admin deletes what a test made.
 */
@ViewTest
class NotificationsPanelTest extends BrowserlessViewTest {

    @Autowired
    Webhooks webhooks;

    @Autowired
    UserDetailsService users;

    @AfterEach
    void deleteWebhooks() {
        var test = SecurityContextHolder.getContext();
        var admin = users.loadUserByUsername("admin");
        SecurityContextHolder.setContext(new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(admin, admin.getPassword(), admin.getAuthorities())));
        try {
            webhooks.list().forEach(webhook -> webhooks.delete(webhook.name()));
        } finally {
            SecurityContextHolder.setContext(test);
        }
    }

    private NotificationsPanel panel() {
        UI.getCurrent().navigate("admin", QueryParameters.of("tab", "notifications"));
        roundTrip();
        AdminView view = AopTestUtils.getUltimateTargetObject(getCurrentView());
        return view.notifications;
    }

    private static Button action(Component cell, String text) {
        return cell.getChildren()
                .filter(Button.class::isInstance)
                .map(Button.class::cast)
                .filter(button -> button.getText().equals(text))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @WithUserDetails("admin")
    void a_new_webhook_shows_each_broken_rule_next_to_its_field_and_is_created_once_fixed() {
        var panel = panel();
        test(panel.add).click();
        var dialog = find(NotificationsPanel.WebhookDialog.class).single();
        test(dialog.name).setValue("team-chat");
        test(dialog.url).setValue("file:///etc/passwd");

        test(dialog.create).click();

        assertThat(dialog.url.isInvalid()).isTrue();
        assertThat(dialog.url.getErrorMessage()).contains("only http and https");
        assertThat(dialog.events.isInvalid()).isTrue();
        assertThat(webhooks.list()).isEmpty();

        test(dialog.url).setValue("https://hooks.example.com/strata");
        dialog.events.setValue(Set.of("commit", "change-request.merged"));
        test(dialog.secret).setValue("shh");
        test(dialog.create).click();

        assertThat(webhooks.list()).singleElement().satisfies(webhook -> {
            assertThat(webhook.name()).isEqualTo("team-chat");
            assertThat(webhook.events()).containsExactly("change-request.merged", "commit");
            assertThat(webhook.signed()).isTrue();
        });
        var grid = test(panel.grid);
        assertThat(grid.size()).isEqualTo(1);
        assertThat(grid.getCellText(0, grid.getColumnPosition("signed"))).isEqualTo("yes");
    }

    @Test
    @WithUserDetails("admin")
    void a_ping_reaches_the_receiver_its_delivery_is_listed_and_a_deleted_webhook_is_gone() throws Exception {
        var calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            webhooks.create(
                    "ops",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                    List.of("commit"),
                    null,
                    "json");
            var panel = panel();
            var grid = test(panel.grid);
            assertThat(grid.size()).isEqualTo(1);

            var ping = action(grid.getCellComponent(0, grid.getColumnPosition("actions")), "Send a ping");
            test(ping).click();

            await().until(() -> calls.get() == 1);
            await().pollInSameThread().until(() -> webhooks.deliveries("ops").size() == 1);
            panel.showDeliveries(webhooks.list().getFirst());
            var deliveries = test(panel.deliveries);
            assertThat(deliveries.getCellText(0, deliveries.getColumnPosition("status")))
                    .isEqualTo("204");
            assertThat(deliveries.getCellText(0, deliveries.getColumnPosition("outcome")))
                    .isEqualTo("delivered");

            var delete = action(test(panel.grid).getCellComponent(0, grid.getColumnPosition("actions")), "Delete");
            test(delete).click();

            assertThat(webhooks.list()).isEmpty();
            assertThat(test(panel.grid).size()).isZero();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @WithUserDetails("carol")
    void the_webhook_service_refuses_everyone_but_admins_even_without_the_page() {
        assertThatThrownBy(() -> webhooks.create("mine", "https://example.com/", List.of("commit"), null, "json"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> webhooks.list()).isInstanceOf(AccessDeniedException.class);
    }
}
