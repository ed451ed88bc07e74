package dev.strata.notifications;

import dev.strata.config.Problem;
import dev.strata.config.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where Strata POSTs its events.
 *
 * @param name    unique, chosen by the admin: {@code team-chat}
 * @param url     an http(s) address
 * @param events  the event names it gets ({@link #EVENTS})
 * @param secret  signs the body ({@code X-Strata-Signature-256}), or null for unsigned
 * @param format  JSON, or Slack's {@code {text}}
 * @param created when it was added
 */
public record Webhook(String name, URI url, SortedSet<String> events, String secret, Format format, Instant created) {

    /**
     * The events a webhook may subscribe to. Rollouts will add {@code rollout.started|completed|aborted}
     * here when they exist, raised where the rollout acts, as these are.
     */
    public static final Set<String> EVENTS = Set.of(
            "commit",
            "change-request.opened",
            "change-request.commented",
            "change-request.approved",
            "change-request.merged",
            "change-request.closed",
            "rollout.started",
            "rollout.completed",
            "rollout.aborted");

    public static final int MAX_URL_LENGTH = 2_000;
    public static final int MAX_SECRET_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public enum Format {
        JSON,
        SLACK;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Webhook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        events = new TreeSet<>(events);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(created, "created");
    }

    public boolean wants(String event) {
        return event.equals(WebhookDeliveries.PING) || events.contains(event);
    }

    /** The webhook as shown: never its secret, only whether it has one. */
    public boolean signed() {
        return secret != null;
    }

    /**
     * A new webhook from what an admin typed, every problem named by its field.
     *
     * @param allowedHosts the only hosts allowed, or empty for any
     * @throws ValidationException naming each wrong field
     */
    static Webhook of(
            String name,
            String url,
            List<String> events,
            String secret,
            String format,
            List<String> allowedHosts,
            Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(new Problem(
                    "name",
                    "a name is 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit"));
        }
        URI target = null;
        String urlProblem = urlProblem(url, allowedHosts);
        if (urlProblem != null) {
            problems.add(new Problem("url", urlProblem));
        } else {
            target = URI.create(url.strip());
        }
        TreeSet<String> chosen = new TreeSet<>();
        if (events == null || events.isEmpty()) {
            problems.add(new Problem("events", "choose at least one of " + new TreeSet<>(EVENTS)));
        } else {
            for (String event : events) {
                if (event == null || !EVENTS.contains(event)) {
                    problems.add(new Problem(
                            "events",
                            "unknown event '" + shortened(String.valueOf(event)) + "'; known are "
                                    + new TreeSet<>(EVENTS)));
                    break;
                }
                chosen.add(event);
            }
        }
        String key = secret == null || secret.isEmpty() ? null : secret;
        if (key != null && (key.length() > MAX_SECRET_LENGTH || key.chars().anyMatch(Character::isISOControl))) {
            problems.add(new Problem(
                    "secret", "a secret is at most " + MAX_SECRET_LENGTH + " characters without control characters"));
        }
        Format chosenFormat = null;
        if (format == null || format.isBlank() || format.equals("json")) {
            chosenFormat = Format.JSON;
        } else if (format.equals("slack")) {
            chosenFormat = Format.SLACK;
        } else {
            problems.add(new Problem("format", "format is json or slack, not '" + shortened(format) + "'"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Webhook(name, target, chosen, key, chosenFormat, now);
    }

    /** What is wrong with {@code url} as a target, or null: only http(s), no user info, an allowed host. */
    static String urlProblem(String url, List<String> allowedHosts) {
        if (url == null || url.isBlank()) {
            return "a URL is required";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "a URL is at most " + MAX_URL_LENGTH + " characters; this one has " + url.length();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "not a URL: " + shortened(e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs can be webhook targets";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "the URL names no host";
        }
        if (uri.getRawUserInfo() != null) {
            return "put credentials in the secret, not in the URL";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(allowed -> allowed.equalsIgnoreCase(host))) {
            return "webhooks may only target " + String.join(", ", allowedHosts) + " (STRATA_WEBHOOKS_ALLOWED_HOSTS)";
        }
        return null;
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
