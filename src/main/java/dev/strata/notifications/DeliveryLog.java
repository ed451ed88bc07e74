package dev.strata.notifications;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The last {@value #KEPT} tries of each webhook, kept in the data directory so that a restart keeps them too. */
public final class DeliveryLog {

    static final int KEPT = 100;
    /** Enough of an answer to see what went wrong, not a copy of someone's page. */
    static final int EXCERPT = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;

    DeliveryLog(Path directory) {
        this.directory = directory;
    }

    /**
     * One try.
     *
     * @param time     when it was made
     * @param delivery the delivery's id (the same for each retry)
     * @param event    what it announced
     * @param attempt  1 for the first try
     * @param status   the HTTP status answered, or 0 for none (no connection, a timeout)
     * @param outcome  delivered, retrying, gave up, or refused (its host is no longer allowed)
     * @param answer   the start of the answer, or what went wrong
     */
    public record Entry(
            Instant time, String delivery, String event, int attempt, int status, String outcome, String answer) {}

    synchronized void add(String webhook, Entry entry) {
        List<Entry> entries = new ArrayList<>(read(webhook));
        entries.addFirst(new Entry(
                entry.time(),
                entry.delivery(),
                entry.event(),
                entry.attempt(),
                entry.status(),
                entry.outcome(),
                excerpt(entry.answer())));
        while (entries.size() > KEPT) {
            entries.removeLast();
        }
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".log", ".tmp");
            JSON.writeValue(temporary.toFile(), entries);
            Files.move(temporary, file(webhook), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The delivery log of webhook {} cannot be written: {}", webhook, e.toString());
        }
    }

    /** Newest first. */
    synchronized List<Entry> read(String webhook) {
        Path file = file(webhook);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
        } catch (RuntimeException e) {
            LOG.warn("The delivery log of webhook {} cannot be read: {}", webhook, e.toString());
            return List.of();
        }
    }

    synchronized void forget(String webhook) {
        try {
            Files.deleteIfExists(file(webhook));
        } catch (IOException e) {
            LOG.warn("The delivery log of webhook {} cannot be removed: {}", webhook, e.toString());
        }
    }

    private Path file(String webhook) {
        // webhook names are lower-case letters, digits and dashes (Webhook.of), so they are safe file names
        return directory.resolve(webhook + ".json");
    }

    private static String excerpt(String answer) {
        if (answer == null) {
            return "";
        }
        String line = answer.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > EXCERPT ? line.substring(0, EXCERPT) + "…" : line;
    }
}
