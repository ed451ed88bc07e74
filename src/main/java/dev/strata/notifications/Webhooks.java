package dev.strata.notifications;

import dev.strata.DataDirectory;
import dev.strata.LogText;
import dev.strata.StartupProblem;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.NotFoundException;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import dev.strata.formats.FormatException;
import dev.strata.formats.YamlScalar;
import dev.strata.formats.YamlTrees;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The webhooks, kept in {@code webhooks.yaml} of the data directory (owner-only, since it holds the
 * signing secrets, which never leave it): listed, added, pinged and removed by admins.
 */
@Service
public class Webhooks {

    private static final Logger access = LoggerFactory.getLogger("dev.strata.access");
    /** A bound on the file and on what an admin may pile up. */
    static final int MAX_WEBHOOKS = 100;

    private final Path file;
    private final CurrentUser currentUser;
    private final WebhookProperties properties;
    private final WebhookDeliveries deliveries;
    private final Clock clock;
    private final Map<String, Webhook> byName = new LinkedHashMap<>();

    Webhooks(
            DataDirectory dataDirectory,
            CurrentUser currentUser,
            WebhookProperties properties,
            WebhookDeliveries deliveries,
            ObjectProvider<Clock> clock) {
        this.file = dataDirectory.resolve("webhooks.yaml");
        this.currentUser = currentUser;
        this.properties = properties;
        this.deliveries = deliveries;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        read().forEach(webhook -> byName.put(webhook.name(), webhook));
    }

    /** Every webhook, for sending: no check of who asks, since events are not asked for by anyone. */
    synchronized List<Webhook> subscribed(String event) {
        return byName.values().stream().filter(webhook -> webhook.wants(event)).toList();
    }

    synchronized Optional<Webhook> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized List<Webhook> list() {
        requireAdmin();
        return List.copyOf(byName.values());
    }

    /**
     * Adds a webhook.
     *
     * @throws dev.strata.config.ValidationException naming each wrong field
     * @throws AlreadyExistsException when one has that name
     */
    public synchronized Webhook create(String name, String url, List<String> events, String secret, String format) {
        Person admin = requireAdmin();
        Webhook webhook = Webhook.of(name, url, events, secret, format, properties.allowedHosts(), clock.instant());
        if (byName.containsKey(webhook.name())) {
            throw new AlreadyExistsException("There is a webhook named " + webhook.name() + " already.");
        }
        if (byName.size() >= MAX_WEBHOOKS) {
            throw new ValidationException("name", "there are " + MAX_WEBHOOKS + " webhooks already");
        }
        byName.put(webhook.name(), webhook);
        write();
        log(admin, "webhook-created", webhook.name());
        return webhook;
    }

    public synchronized void delete(String name) {
        Person admin = requireAdmin();
        if (byName.remove(name) == null) {
            throw new NotFoundException("There is no webhook named " + LogText.of(name) + ".");
        }
        write();
        deliveries.forget(name);
        log(admin, "webhook-deleted", name);
    }

    /** Sends a {@code ping} to the webhook now (and retries it as any delivery). */
    public String ping(String name) {
        Person admin = requireAdmin();
        Webhook webhook = find(name)
                .orElseThrow(() -> new NotFoundException("There is no webhook named " + LogText.of(name) + "."));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("actor", Map.of("username", admin.username(), "name", admin.name()));
        payload.put("text", "Ping from Strata: this webhook works.");
        return deliveries.send(webhook, WebhookDeliveries.PING, payload);
    }

    /** The last deliveries to the webhook, newest first. */
    public List<DeliveryLog.Entry> deliveries(String name) {
        requireAdmin();
        find(name).orElseThrow(() -> new NotFoundException("There is no webhook named " + LogText.of(name) + "."));
        return deliveries.log(name);
    }

    private Person requireAdmin() {
        Person person = currentUser.require();
        if (!person.isAdmin()) {
            throw new AccessDeniedException("Only admins manage webhooks.");
        }
        return person;
    }

    private static void log(Person admin, String action, String target) {
        access.info(
                "access event=admin action={} actor={} target={}",
                LogText.of(action),
                LogText.of(admin.username()),
                LogText.of(target));
    }

    private List<Webhook> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Object top = YamlTrees.read(Files.readAllBytes(file));
            List<Webhook> webhooks = new ArrayList<>();
            if (top instanceof Map<?, ?> map && map.get("webhooks") instanceof List<?> list) {
                for (Object item : list) {
                    Map<?, ?> entry = (Map<?, ?>) item;
                    List<String> events = ((List<?>) entry.get("events"))
                            .stream().map(String::valueOf).toList();
                    String format = entry.get("format") == null ? "json" : (String) entry.get("format");
                    webhooks.add(new Webhook(
                            (String) entry.get("name"),
                            URI.create((String) entry.get("url")),
                            new TreeSet<>(events),
                            (String) entry.get("secret"),
                            Webhook.Format.valueOf(format.toUpperCase(Locale.ROOT)),
                            Instant.parse((String) entry.get("created"))));
                }
            }
            return webhooks;
        } catch (IOException | FormatException | RuntimeException e) {
            throw new StartupProblem(
                    file + " cannot be read: " + e.getMessage(),
                    "Repair " + file + " (as Strata writes it) or move it away; its webhooks are then gone.",
                    e);
        }
    }

    /** Written as YAML by hand, as strata.yaml is: every value quoted as needed, so that it reads back as itself. */
    private void write() {
        StringBuilder yaml = new StringBuilder("webhooks:\n");
        for (Webhook webhook : byName.values()) {
            yaml.append("  - name: ").append(YamlScalar.string(webhook.name())).append('\n');
            yaml.append("    url: ")
                    .append(YamlScalar.string(webhook.url().toString()))
                    .append('\n');
            yaml.append("    events: [")
                    .append(String.join(
                            ", ",
                            webhook.events().stream().map(YamlScalar::string).toList()))
                    .append("]\n");
            if (webhook.secret() != null) {
                yaml.append("    secret: ")
                        .append(YamlScalar.string(webhook.secret()))
                        .append('\n');
            }
            yaml.append("    format: ").append(webhook.format().word()).append('\n');
            yaml.append("    created: ")
                    .append(YamlScalar.string(webhook.created().toString()))
                    .append('\n');
        }
        try {
            Path temporary = Files.createTempFile(
                    file.getParent(),
                    ".webhooks",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, yaml);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException(file + " cannot be written: " + e.getMessage(), e);
        }
    }
}
