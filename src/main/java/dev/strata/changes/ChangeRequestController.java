package dev.strata.changes;

import dev.strata.api.JsonValues;
import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Includes;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/change-requests}: open, list, review, approve and merge change requests. */
@RestController
@RequestMapping("/api/v1/change-requests")
class ChangeRequestController {

    private final ChangeRequestService changes;
    private final ConfigStore store;

    ChangeRequestController(ChangeRequestService changes, ConfigStore store) {
        this.changes = changes;
        this.store = store;
    }

    @GetMapping
    List<SummaryJson> list(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String app,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String author,
            @RequestParam(defaultValue = "false") boolean waitingForMe) {
        var filter = new ChangeRequestList.Filter(
                state(state),
                app == null ? null : new AppName(app),
                target == null ? null : new EnvName(target),
                author,
                waitingForMe);
        return changes.list(filter).stream().map(SummaryJson::of).toList();
    }

    @PostMapping
    ResponseEntity<ReviewJson> open(@RequestBody OpenRequest request) {
        if (request.kind() == null) {
            throw new ValidationException("kind", "kind is required: promotion, edit or revert");
        }
        Review review = switch (request.kind().toLowerCase(Locale.ROOT)) {
            case "promotion" ->
                changes.openPromotion(
                        app(request),
                        target(request),
                        request.source() == null ? null : new EnvName(request.source()),
                        request.keys() == null
                                ? null
                                : new TreeSet<>(request.keys().stream()
                                        .map(SettingKey::new)
                                        .toList()),
                        request.title(),
                        request.description());
            case "edit" -> {
                TreeMap<SettingKey, String> set = new TreeMap<>();
                if (request.set() != null) {
                    request.set().forEach((key, value) -> set.put(new SettingKey(key), JsonValues.text(key, value)));
                }
                TreeSet<SettingKey> unset = new TreeSet<>();
                if (request.unset() != null) {
                    request.unset().forEach(key -> unset.add(new SettingKey(key)));
                }
                yield changes.openEdit(
                        app(request), target(request), set, unset, request.title(), request.description());
            }
            case "revert" -> {
                if (request.revision() == null) {
                    throw new ValidationException("revision", "a revert names the commit it undoes in 'revision'");
                }
                yield changes.openRevert(
                        new Revision(request.revision()),
                        request.key() == null ? null : new SettingKey(request.key()),
                        request.title(),
                        request.description());
            }
            default ->
                throw new ValidationException(
                        "kind", "kind is promotion, edit or revert, not '" + request.kind() + "'");
        };
        return ResponseEntity.created(URI.create("/api/v1/change-requests/" + review.id()))
                .body(json(review));
    }

    @GetMapping("/{id}")
    ReviewJson get(@PathVariable long id) {
        return json(changes.review(id));
    }

    @PostMapping("/{id}/comments")
    ResponseEntity<ReviewJson> comment(@PathVariable long id, @RequestBody CommentRequest comment) {
        return ResponseEntity.status(201).body(json(changes.comment(id, comment.text())));
    }

    @PostMapping("/{id}/approvals")
    ReviewJson approve(@PathVariable long id) {
        return json(changes.approve(id));
    }

    @PostMapping("/{id}/merge")
    ReviewJson merge(@PathVariable long id, @RequestBody(required = false) MergeRequest request) {
        boolean overriding = request != null && request.override() != null;
        if (overriding && request.override().reason() == null) {
            throw new ValidationException("reason", "an override needs a reason, which is recorded");
        }
        Rollout.Selector rollout = request == null || request.rollout() == null
                ? null
                : request.rollout().selector();
        return json(changes.merge(id, overriding ? request.override().reason() : null, rollout));
    }

    @PostMapping("/{id}/refresh")
    ReviewJson refresh(@PathVariable long id) {
        return json(changes.refresh(id));
    }

    @PostMapping("/{id}/close")
    ReviewJson close(@PathVariable long id) {
        return json(changes.close(id));
    }

    @PostMapping("/{id}/reopen")
    ReviewJson reopen(@PathVariable long id) {
        return json(changes.reopen(id));
    }

    /**
     * A review as JSON; for a shared set, with the applications its change reaches in the target
     * environment as things stand now (none once it is no longer open).
     */
    private ReviewJson json(Review review) {
        List<Includes.Reach> reaches = review.state() != ChangeRequest.State.OPEN
                ? List.of()
                : Includes.reaches(
                        store.snapshot(),
                        new AppName(review.app()),
                        List.of(new EnvName(review.target())),
                        review.changes().stream()
                                .map(row -> new SettingKey(row.key()))
                                .collect(Collectors.toSet()));
        return ReviewJson.of(review, reaches);
    }

    private static ChangeRequest.State state(String state) {
        if (state == null || state.equals("all")) {
            return null;
        }
        for (ChangeRequest.State s : ChangeRequest.State.values()) {
            if (s.word().equals(state)) {
                return s;
            }
        }
        throw new ValidationException("state", "state is open, merged, closed or all, not '" + state + "'");
    }

    private static AppName app(OpenRequest request) {
        if (request.app() == null) {
            throw new ValidationException("app", "app is required");
        }
        return new AppName(request.app());
    }

    private static EnvName target(OpenRequest request) {
        if (request.target() == null) {
            throw new ValidationException("target", "target is required: the environment to change");
        }
        return new EnvName(request.target());
    }

    record OpenRequest(
            String kind,
            String app,
            String source,
            String target,
            List<String> keys,
            Map<String, JsonNode> set,
            List<String> unset,
            String revision,
            String key,
            String title,
            String description) {}

    record CommentRequest(String text) {}

    /** @param override an admin's merge into a frozen environment, or null */
    record MergeRequest(FreezeOverride override, RolloutSelection rollout) {}

    /** {@code {"labels": {"canary": "true"}}} or {@code {"percent": 10}}: which instances get the merge first. */
    record RolloutSelection(Map<String, String> labels, Integer percent) {

        Rollout.Selector selector() {
            return new Rollout.Selector(labels == null ? null : new TreeMap<>(labels), percent);
        }
    }

    record FreezeOverride(String reason) {}

    record SummaryJson(
            long id,
            String kind,
            String state,
            String app,
            String source,
            String target,
            String title,
            Review.Participant author,
            Instant opened,
            Instant updated,
            int keys,
            int approvals,
            int requiredApprovals) {

        static SummaryJson of(ChangeRequestList.Summary s) {
            return new SummaryJson(
                    s.id(),
                    s.kind().word(),
                    s.state().word(),
                    s.app(),
                    s.source(),
                    s.target(),
                    s.title(),
                    s.author(),
                    s.opened(),
                    s.updated(),
                    s.keys(),
                    s.approvals(),
                    s.requiredApprovals());
        }
    }

    record RowJson(
            String key,
            String change,
            String current,
            String proposed,
            String type,
            boolean secret,
            String problem,
            boolean conflict) {}

    record EventJson(String type, Review.Participant actor, Instant time, String text, Revision revision) {

        static EventJson of(Review.Event e) {
            return new EventJson(e.type().word(), e.actor(), e.time(), e.text(), e.revision());
        }
    }

    record ReviewJson(
            long id,
            String kind,
            String state,
            String app,
            String source,
            String target,
            String title,
            String description,
            Review.Participant author,
            Instant opened,
            Revision baseRevision,
            Revision revertOf,
            Revision mergedRevision,
            List<RowJson> changes,
            List<EventJson> approvals,
            int requiredApprovals,
            List<EventJson> comments,
            List<EventJson> events,
            boolean mergeable,
            List<String> conflicts,
            List<String> blockers,
            String freeze,
            Instant mergeableFrom,
            List<String> notes,
            List<Includes.Reach> reaches) {

        static ReviewJson of(Review r, List<Includes.Reach> reaches) {
            return new ReviewJson(
                    r.id(),
                    r.kind().word(),
                    r.state().word(),
                    r.app(),
                    r.source(),
                    r.target(),
                    r.title(),
                    r.description(),
                    r.author(),
                    r.opened(),
                    r.base(),
                    r.revertOf(),
                    r.merged(),
                    r.changes().stream()
                            .map(c -> new RowJson(
                                    c.key(),
                                    c.kind().name().toLowerCase(Locale.ROOT),
                                    c.current(),
                                    c.proposed(),
                                    c.type(),
                                    c.secret(),
                                    c.problem(),
                                    c.conflict()))
                            .toList(),
                    r.approvals().stream().map(EventJson::of).toList(),
                    r.requiredApprovals(),
                    r.events().stream()
                            .filter(e -> e.type() == dev.strata.config.ChangeRequestEvent.Type.COMMENTED)
                            .map(EventJson::of)
                            .toList(),
                    r.events().stream().map(EventJson::of).toList(),
                    r.mergeable(),
                    r.conflicts(),
                    r.blockers(),
                    r.freeze(),
                    r.soakUntil(),
                    r.notes(),
                    reaches);
        }
    }
}
