package dev.strata.notifications;

import dev.strata.DataDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends deliveries off the request thread, and retries those not answered with a 2xx with
 * exponential backoff for {@link WebhookProperties#retryFor()}. Each delivery waiting for a try is a
 * file of the data directory, written before the first try and removed after the last, so a restart
 * (or a crash) sends what was still due. Redirects are never followed, to any host: a webhook
 * answers where it was configured or fails.
 */
@Component
public class WebhookDeliveries implements AutoCloseable {

    /** The event of a test delivery, which every webhook gets when an admin asks. */
    static final String PING = "ping";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final int ANSWER_BYTES = 1_024;

    private final Path pending;
    private final DeliveryLog log;
    private final WebhookProperties properties;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final ScheduledExecutorService sender = Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("webhook-sender-", 0).daemon().factory());

    @Autowired
    WebhookDeliveries(DataDirectory dataDirectory, WebhookProperties properties, ObjectProvider<MeterRegistry> meters) {
        this(
                dataDirectory.resolve("webhook-deliveries"),
                properties,
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Sends from (and resumes what is due in) {@code directory}: a new instance on the same directory carries on. */
    WebhookDeliveries(Path directory, WebhookProperties properties) {
        this(directory, properties, Metrics.globalRegistry);
    }

    private WebhookDeliveries(Path directory, WebhookProperties properties, MeterRegistry meters) {
        this.meters = meters;
        this.pending = directory.resolve("pending");
        this.log = new DeliveryLog(directory.resolve("log"));
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        resume();
    }

    /**
     * One delivery waiting for a try.
     *
     * @param signature the {@code X-Strata-Signature-256} header, computed when it was queued, or null
     */
    record Pending(
            String id,
            String webhook,
            String event,
            URI url,
            String body,
            String signature,
            int attempts,
            Instant first,
            Instant next) {}

    /**
     * Queues {@code payload} as event {@code event} for {@code webhook} and sends it soon.
     *
     * @return the delivery's id, which the receiver gets as {@code id}
     */
    String send(Webhook webhook, String event, Map<String, Object> payload) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("event", event);
        body.put("time", now.toString());
        body.putAll(payload);
        String json = webhook.format() == Webhook.Format.SLACK
                ? JSON.writeValueAsString(Map.of("text", String.valueOf(payload.get("text"))))
                : JSON.writeValueAsString(body);
        var delivery = new Pending(
                id,
                webhook.name(),
                event,
                webhook.url(),
                json,
                webhook.secret() == null ? null : "sha256=" + hmac(webhook.secret(), json),
                0,
                now,
                now);
        save(delivery);
        sender.execute(() -> attempt(delivery.id()));
        return id;
    }

    List<DeliveryLog.Entry> log(String webhook) {
        return log.read(webhook);
    }

    /** A removed webhook's waiting deliveries and log go with it. */
    void forget(String webhook) {
        for (Pending delivery : waiting()) {
            if (delivery.webhook().equals(webhook)) {
                remove(delivery.id());
            }
        }
        log.forget(webhook);
    }

    private void resume() {
        for (Pending delivery : waiting()) {
            schedule(delivery.id(), Duration.between(Instant.now(), delivery.next()));
        }
    }

    private void schedule(String id, Duration wait) {
        sender.schedule(() -> attempt(id), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void attempt(String id) {
        Pending delivery = read(pending.resolve(id + ".json"));
        if (delivery == null) {
            return; // delivered meanwhile, or its webhook removed
        }
        int attempt = delivery.attempts() + 1;
        // checked again when sending: the allowed hosts may have been narrowed since the webhook was added
        String refused = Webhook.urlProblem(delivery.url().toString(), properties.allowedHosts());
        if (refused != null) {
            remove(id);
            record(
                    delivery.webhook(),
                    new DeliveryLog.Entry(Instant.now(), id, delivery.event(), attempt, 0, "refused", refused));
            return;
        }
        int status = 0;
        String answer;
        var excerpt = new ByteArrayOutputStream();
        try {
            var request = HttpRequest.newBuilder(delivery.url())
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Strata-Webhooks")
                    .header("X-Strata-Event", delivery.event())
                    .header("X-Strata-Delivery", delivery.id())
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
            if (delivery.signature() != null) {
                request.header("X-Strata-Signature-256", delivery.signature());
            }
            status = answered(request.build(), excerpt);
            answer = excerpt.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            answer =
                    "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the file stays and the next start sends it
        } catch (RuntimeException e) {
            answer = "not sent: " + e.getMessage();
        }
        Instant now = Instant.now();
        if (status >= 200 && status < 300) {
            remove(id);
            record(
                    delivery.webhook(),
                    new DeliveryLog.Entry(now, id, delivery.event(), attempt, status, "delivered", answer));
            return;
        }
        Duration wait = backoff(attempt);
        if (now.plus(wait).isAfter(delivery.first().plus(properties.retryFor()))) {
            remove(id);
            record(
                    delivery.webhook(),
                    new DeliveryLog.Entry(now, id, delivery.event(), attempt, status, "gave up", answer));
            LOG.warn(
                    "Webhook {} gave up on delivery {} ({}) after {} tries",
                    delivery.webhook(),
                    id,
                    delivery.event(),
                    attempt);
            return;
        }
        save(new Pending(
                id,
                delivery.webhook(),
                delivery.event(),
                delivery.url(),
                delivery.body(),
                delivery.signature(),
                attempt,
                delivery.first(),
                now.plus(wait)));
        record(
                delivery.webhook(),
                new DeliveryLog.Entry(now, id, delivery.event(), attempt, status, "retrying", answer));
        schedule(id, wait);
    }

    /** Logs the outcome of a try, and counts it for /actuator/prometheus ({@code strata_webhook_deliveries_total}). */
    private void record(String webhook, DeliveryLog.Entry entry) {
        log.add(webhook, entry);
        // by the webhook's name, never its URL, which may carry a token in its path
        Counter.builder("strata.webhook.deliveries")
                .description("Tries to deliver a webhook event, by outcome")
                .tag("webhook", webhook)
                .tag("outcome", entry.outcome().replace(' ', '-'))
                .register(meters)
                .increment();
    }

    /**
     * Sends {@code request} and waits for the whole answer for at most the timeout, keeping its first
     * bytes in {@code excerpt}: a receiver that answers slowly or never ends its body would otherwise
     * hold a sender for good, and with it every other webhook's deliveries.
     */
    private int answered(HttpRequest request, ByteArrayOutputStream excerpt) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(
                request,
                info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                    int room = ANSWER_BYTES - excerpt.size();
                    if (room > 0) {
                        excerpt.write(bytes, 0, Math.min(room, bytes.length));
                    }
                })));
        try {
            return sent.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .statusCode();
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new HttpTimeoutException(
                    "no complete answer within " + properties.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** The wait after the {@code attempt}th failed try: the base, doubled for each further one, up to an hour. */
    private Duration backoff(int attempt) {
        Duration wait = properties.retryBase().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private List<Pending> waiting() {
        if (!Files.isDirectory(pending)) {
            return List.of();
        }
        List<Pending> deliveries = new java.util.ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pending, "*.json")) {
            for (Path file : files) {
                Pending delivery = read(file);
                if (delivery != null) {
                    deliveries.add(delivery);
                }
            }
        } catch (IOException e) {
            LOG.warn("The waiting webhook deliveries in {} cannot be listed: {}", pending, e.toString());
        }
        return deliveries;
    }

    private Pending read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), Pending.class);
        } catch (RuntimeException e) {
            LOG.warn("The webhook delivery {} cannot be read and is left as it is: {}", file, e.toString());
            return null;
        }
    }

    private synchronized void save(Pending delivery) {
        try {
            Files.createDirectories(pending);
            Path temporary = Files.createTempFile(pending, ".delivery", ".tmp");
            JSON.writeValue(temporary.toFile(), delivery);
            Files.move(
                    temporary,
                    pending.resolve(delivery.id() + ".json"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the webhook delivery cannot be kept in " + pending, e);
        }
    }

    private synchronized void remove(String id) {
        try {
            Files.deleteIfExists(pending.resolve(id + ".json"));
        } catch (IOException e) {
            LOG.warn("The delivered webhook delivery {} cannot be removed: {}", id, e.toString());
        }
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Stops sending; what is still due stays in the data directory for the next start. */
    @Override
    public void close() {
        sender.shutdownNow();
    }
}
