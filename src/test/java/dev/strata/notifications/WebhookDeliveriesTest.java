package dev.strata.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Sending, signing, retrying and resuming deliveries against a receiver started by the test. */
class WebhookDeliveriesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Retries after 50 ms, 100 ms, 200 ms ...: the backoff of a day, quick enough for a test. */
    private static final WebhookProperties QUICK =
            new WebhookProperties(List.of(), null, Duration.ofMillis(50), Duration.ofHours(24), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private final Receiver receiver = new Receiver();
    private WebhookDeliveries deliveries;

    @AfterEach
    void stop() {
        if (deliveries != null) {
            deliveries.close();
        }
        receiver.close();
    }

    private Webhook webhook(String secret, Webhook.Format format) {
        return new Webhook(
                "team-chat",
                URI.create(receiver.url()),
                new TreeSet<>(List.of("commit")),
                secret,
                format,
                Instant.now());
    }

    private static Map<String, Object> commit() {
        return Map.of(
                "app",
                "payments",
                "env",
                "staging",
                "revision",
                "0123456789abcdef0123456789abcdef01234567",
                "text",
                "Alice committed 0123456 to staging of payments: Longer timeout (TIMEOUT_MS)");
    }

    @Test
    void a_delivery_carries_its_id_and_event_and_is_signed_with_the_webhooks_secret() {
        deliveries = new WebhookDeliveries(dir, QUICK);

        String id = deliveries.send(webhook("s3cr3t", Webhook.Format.JSON), "commit", commit());

        await().until(() -> !receiver.received().isEmpty());
        var got = receiver.received().getFirst();
        assertThat(got.event()).isEqualTo("commit");
        assertThat(got.delivery()).isEqualTo(id);
        assertThat(got.contentType()).isEqualTo("application/json");
        assertThat(got.signature()).isEqualTo("sha256=" + WebhookDeliveries.hmac("s3cr3t", got.body()));
        var body = JSON.readTree(got.body());
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("event").asString()).isEqualTo("commit");
        assertThat(body.get("app").asString()).isEqualTo("payments");
        assertThat(got.body()).doesNotContain("s3cr3t");
        await().until(() -> deliveries.log("team-chat").size() == 1);
        assertThat(deliveries.log("team-chat").getFirst().outcome()).isEqualTo("delivered");
        assertThat(deliveries.log("team-chat").getFirst().answer()).isEqualTo("answer 200");
    }

    @Test
    void a_webhook_without_a_secret_sends_no_signature() {
        deliveries = new WebhookDeliveries(dir, QUICK);

        deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());

        await().until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received().getFirst().signature()).isNull();
    }

    @Test
    void a_slack_webhook_gets_only_text() {
        deliveries = new WebhookDeliveries(dir, QUICK);

        deliveries.send(webhook(null, Webhook.Format.SLACK), "commit", commit());

        await().until(() -> !receiver.received().isEmpty());
        var body = JSON.readTree(receiver.received().getFirst().body());
        assertThat(body.propertyNames()).containsExactly("text");
        assertThat(body.get("text").asString()).contains("Alice committed", "staging of payments");
    }

    @Test
    void a_receiver_answering_500_three_times_gets_the_delivery_on_the_fourth_try() {
        receiver.answer(call -> call <= 3 ? 500 : 204);
        deliveries = new WebhookDeliveries(dir, QUICK);

        String id = deliveries.send(webhook("s3cr3t", Webhook.Format.JSON), "commit", commit());

        await().until(() -> receiver.received().size() == 4);
        assertThat(receiver.received()).extracting(Receiver.Received::delivery).containsOnly(id);
        assertThat(receiver.received())
                .extracting(Receiver.Received::body)
                .containsOnly(receiver.received().getFirst().body());
        await().until(() -> deliveries.log("team-chat").size() == 4);
        var log = deliveries.log("team-chat");
        assertThat(log)
                .extracting(DeliveryLog.Entry::outcome)
                .containsExactly("delivered", "retrying", "retrying", "retrying");
        assertThat(log).extracting(DeliveryLog.Entry::status).containsExactly(204, 500, 500, 500);
        assertThat(log).extracting(DeliveryLog.Entry::attempt).containsExactly(4, 3, 2, 1);
    }

    @Test
    void a_delivery_still_due_when_strata_stops_is_sent_after_the_next_start() {
        receiver.answer(call -> 503);
        var slow = new WebhookProperties(
                List.of(), null, Duration.ofMillis(300), Duration.ofHours(24), Duration.ofSeconds(5));
        var before = new WebhookDeliveries(dir, slow);
        String id = before.send(webhook(null, Webhook.Format.JSON), "commit", commit());
        await().until(() -> !receiver.received().isEmpty());
        before.close();
        receiver.answer(call -> 200);

        deliveries = new WebhookDeliveries(dir, QUICK);

        await().until(() -> deliveries.log("team-chat").stream()
                .anyMatch(entry -> entry.outcome().equals("delivered")));
        assertThat(receiver.received()).extracting(Receiver.Received::delivery).containsOnly(id);
    }

    @Test
    void a_delivery_is_given_up_once_its_retries_would_pass_the_retry_period() {
        receiver.answer(call -> 500);
        deliveries = new WebhookDeliveries(
                dir,
                new WebhookProperties(
                        List.of(), null, Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(5)));

        deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());

        await().until(() -> deliveries.log("team-chat").stream()
                .anyMatch(entry -> entry.outcome().equals("gave up")));
        int tries = receiver.received().size();
        assertThat(deliveries.log("team-chat").getFirst().outcome()).isEqualTo("gave up");
        assertThat(receiver.received()).hasSize(tries);
    }

    @Test
    void a_redirect_is_not_followed_but_counted_as_a_failed_try() {
        try (var elsewhere = new Receiver()) {
            receiver.answer(call -> call == 1 ? 307 : 200);
            receiver.answerHeaders(Map.of("Location", elsewhere.url()));
            deliveries = new WebhookDeliveries(dir, QUICK);

            deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());

            await().until(() -> deliveries.log("team-chat").stream()
                    .anyMatch(entry -> entry.outcome().equals("delivered")));
            assertThat(elsewhere.received()).isEmpty();
            assertThat(deliveries.log("team-chat").getLast().status()).isEqualTo(307);
        }
    }

    @Test
    void a_receiver_that_never_finishes_its_answer_is_a_failed_try_and_holds_up_no_other_webhook() throws Exception {
        try (var dripping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new CopyOnWriteArrayList<Socket>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket socket = dripping.accept();
                        held.add(socket); // kept open: the answer's body never ends
                        socket.getOutputStream()
                                .write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var shortWait = new WebhookProperties(
                    List.of(), null, Duration.ofHours(1), Duration.ofHours(24), Duration.ofMillis(500));
            deliveries = new WebhookDeliveries(dir, shortWait);
            var stalling = new Webhook(
                    "stalling",
                    URI.create("http://127.0.0.1:" + dripping.getLocalPort() + "/hook"),
                    new TreeSet<>(List.of("commit")),
                    null,
                    Webhook.Format.JSON,
                    Instant.now());
            for (int i = 0; i < 4; i++) {
                deliveries.send(stalling, "commit", commit()); // more than there are senders
            }
            deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());

            await().until(() -> !receiver.received().isEmpty());
            await().until(() -> deliveries.log("stalling").size() == 4);
            assertThat(deliveries.log("stalling"))
                    .extracting(DeliveryLog.Entry::outcome)
                    .containsOnly("retrying");
            assertThat(deliveries.log("stalling").getFirst().answer()).contains("no complete answer");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void a_target_whose_host_is_no_longer_allowed_is_not_sent_to() {
        deliveries = new WebhookDeliveries(
                dir,
                new WebhookProperties(
                        List.of("hooks.example.com"),
                        null,
                        Duration.ofMillis(50),
                        Duration.ofHours(24),
                        Duration.ofSeconds(5)));

        deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());

        await().until(() -> !deliveries.log("team-chat").isEmpty());
        assertThat(deliveries.log("team-chat").getFirst().outcome()).isEqualTo("refused");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void the_log_keeps_the_last_hundred_tries_of_a_webhook() {
        deliveries = new WebhookDeliveries(dir, QUICK);

        for (int i = 0; i < 105; i++) {
            deliveries.send(webhook(null, Webhook.Format.JSON), "commit", commit());
        }

        await().until(() -> receiver.received().size() == 105);
        await().until(() -> deliveries.log("team-chat").size() == DeliveryLog.KEPT);
    }
}
