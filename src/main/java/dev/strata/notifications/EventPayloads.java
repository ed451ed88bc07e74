package dev.strata.notifications;

import dev.strata.changes.ChangeRequestActivity;
import dev.strata.config.AppEnv;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.Committed;
import dev.strata.config.ConfigHistory;
import dev.strata.config.HistoryEntry;
import dev.strata.config.Rollout;
import dev.strata.config.SettingChange;
import dev.strata.rollouts.RolloutActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happens on this instance (commits, review events) into webhook deliveries. The events
 * are raised where the action happens, never on a fetch, so with several instances on one remote
 * each is delivered once, by the instance that did it. Payloads name keys, never values: a secret's
 * value cannot reach a receiver. A new kind of event (rollouts) is a new listener here and a new
 * name in {@link Webhook#EVENTS}.
 */
@Component
class EventPayloads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPayloads.class);

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final ConfigHistory history;
    private final String linkBase;
    /** Reading a commit's changes waits for no request: the commit is announced while the store writes. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("webhook-events").daemon().factory());

    EventPayloads(
            Webhooks webhooks, WebhookDeliveries deliveries, ConfigHistory history, WebhookProperties properties) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.history = history;
        this.linkBase = properties.linkBase();
    }

    @EventListener
    void committed(Committed committed) {
        if (webhooks.subscribed("commit").isEmpty()) {
            return;
        }
        reader.execute(() -> {
            try {
                deliver("commit", commit(history.commit(committed.revision())));
            } catch (RuntimeException e) {
                LOG.warn(
                        "The commit {} could not be announced to webhooks: {}",
                        committed.revision().abbreviated(),
                        e.toString());
            }
        });
    }

    @EventListener
    void changeRequest(ChangeRequestActivity activity) {
        String event = switch (activity.event().type()) {
            case OPENED -> "change-request.opened";
            case COMMENTED -> "change-request.commented";
            case APPROVED -> "change-request.approved";
            case MERGED -> "change-request.merged";
            case CLOSED -> "change-request.closed";
            case REFRESHED, REOPENED -> null;
        };
        if (event != null) {
            deliver(event, changeRequest(activity.request(), activity.event()));
        }
    }

    @EventListener
    void rollout(RolloutActivity activity) {
        Rollout rollout = activity.rollout();
        String link = linkBase + "/change-requests/" + rollout.changeRequest();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(
                "actor",
                Map.of(
                        "username",
                        activity.actor().username(),
                        "name",
                        activity.actor().name()));
        payload.put("app", rollout.target().app().value());
        payload.put("env", rollout.target().env().value());
        payload.put("changeRequest", rollout.changeRequest());
        Map<String, Object> selector = new LinkedHashMap<>();
        if (rollout.selector().percent() != null) {
            selector.put("percent", rollout.selector().percent());
        } else {
            selector.put("labels", rollout.selector().labels());
        }
        payload.put("selector", selector);
        payload.put("candidate", rollout.candidate().id());
        if (activity.revision() != null) {
            payload.put("revision", activity.revision().id());
        }
        payload.put("link", link);
        payload.put(
                "text",
                activity.actor().name() + " " + activity.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        + " the rollout of change request #" + rollout.changeRequest() + " to " + rollout.selector()
                        + " ("
                        + rollout.target().app() + " → " + rollout.target().env() + ") " + link);
        deliver(activity.outcome().event(), payload);
    }

    private void deliver(String event, Map<String, Object> payload) {
        for (Webhook webhook : webhooks.subscribed(event)) {
            try {
                deliveries.send(webhook, event, payload);
            } catch (RuntimeException e) {
                // the action is done and recorded; a delivery that cannot even be queued must not undo it for its
                // author
                LOG.warn("The {} event could not be queued for webhook {}: {}", event, webhook.name(), e.toString());
            }
        }
    }

    private Map<String, Object> commit(HistoryEntry commit) {
        Map<AppEnv, SortedSet<String>> keys = new TreeMap<>(Comparator.comparing(AppEnv::toString));
        for (SettingChange change : commit.changes()) {
            keys.computeIfAbsent(change.appEnv(), where -> new TreeSet<>())
                    .add(change.change().key().value());
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        keys.forEach((where, names) -> changes.add(
                Map.of("app", where.app().value(), "env", where.env().value(), "keys", List.copyOf(names))));
        String subject = commit.message().lines().findFirst().orElse("");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(
                "actor",
                Map.of("name", commit.author().name(), "email", commit.author().email()));
        AppEnv only = keys.size() == 1 ? keys.keySet().iterator().next() : null;
        payload.put("app", only == null ? null : only.app().value());
        payload.put("env", only == null ? null : only.env().value());
        payload.put("revision", commit.revision().id());
        payload.put("message", subject);
        payload.put("changes", changes);
        payload.put(
                "link",
                linkBase
                        + (only == null
                                ? "/history"
                                : "/history?app=" + only.app().value() + "&env="
                                        + only.env().value()));
        payload.put(
                "text",
                commit.author().name() + " committed " + commit.revision().abbreviated()
                        + (only == null ? "" : " to " + only.env() + " of " + only.app()) + ": " + subject
                        + (keys.isEmpty()
                                ? ""
                                : " ("
                                        + String.join(
                                                ", ",
                                                keys.values().stream()
                                                        .flatMap(SortedSet::stream)
                                                        .toList()) + ")"));
        return payload;
    }

    private Map<String, Object> changeRequest(ChangeRequest request, ChangeRequestEvent event) {
        ChangeRequest.About about = request.about();
        String link = linkBase + "/change-requests/" + request.id();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(
                "actor",
                Map.of(
                        "username",
                        event.actor().username(),
                        "name",
                        event.actor().name()));
        payload.put("app", about.app().value());
        payload.put("env", about.target().value());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", request.id());
        summary.put("kind", about.kind().word());
        summary.put("state", request.state().word());
        summary.put("title", about.title());
        summary.put("source", about.source() == null ? null : about.source().value());
        summary.put(
                "keys",
                request.proposal().keys().stream().map(key -> key.value()).toList());
        payload.put("changeRequest", summary);
        if (event.revision() != null) {
            payload.put("revision", event.revision().id());
        }
        payload.put("link", link);
        payload.put(
                "text",
                event.actor().name() + " " + event.type().word() + " change request #" + request.id() + " \""
                        + about.title() + "\" (" + about.app() + " → " + about.target() + ") " + link);
        return payload;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
