package dev.strata.rollouts;

import dev.strata.changes.ChangeRequestActivity;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.GradualMerge;
import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.RolloutStore;
import dev.strata.instances.InstanceHeaders;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Rollouts in progress: starts them (instead of a merge), completes and aborts them, and tells the
 * serving which revision an instance gets. What is in progress is read from the store whenever its
 * refs move (a write here, or a fetch bringing another Strata instance's), and kept in one map that
 * every served request looks at: when no rollout is in progress that costs one read of an empty map.
 */
@Service
public class Rollouts implements GradualMerge {

    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);

    private final RolloutStore store;
    private final ChangeRequestStore requests;
    private final ConfigStore config;
    private final CurrentUser currentUser;
    /** Who may complete or abort: those who may merge; lazily, as change requests depend on this class. */
    private final ObjectProvider<ChangeRequestService> changes;

    private final ApplicationEventPublisher events;
    private final ReentrantLock writes = new ReentrantLock();
    /** In progress by {@code app/env}, the strings the serving has at hand. */
    private volatile Map<String, Rollout> inProgress;

    Rollouts(
            RolloutStore store,
            ChangeRequestStore requests,
            ConfigStore config,
            CurrentUser currentUser,
            ObjectProvider<ChangeRequestService> changes,
            ApplicationEventPublisher events) {
        this.store = store;
        this.requests = requests;
        this.config = config;
        this.currentUser = currentUser;
        this.changes = changes;
        this.events = events;
        this.inProgress = read();
        config.whenRefsMove(this::reload);
    }

    /** Every rollout in progress, oldest first. */
    public List<Rollout> all() {
        return inProgress.values().stream()
                .sorted(Comparator.comparing(Rollout::started))
                .toList();
    }

    /** The rollout in progress for {@code app} in {@code env}, if any. */
    public @Nullable Rollout of(String app, String env) {
        return inProgress.get(app + "/" + env);
    }

    /**
     * The revision the instance named by the headers (each null, or as sent) gets: the candidate of a
     * rollout in progress that selects it, otherwise {@code current}. Headers that break the rules
     * name nobody, as for the instance list.
     */
    public Revision revisionFor(
            String app, String env, @Nullable String instance, @Nullable String labels, Revision current) {
        Map<String, Rollout> now = inProgress;
        if (now.isEmpty()) {
            return current;
        }
        Rollout rollout = now.get(app + "/" + env);
        if (rollout == null || !InstanceHeaders.validInstance(instance)) {
            return current;
        }
        return rollout.revisionFor(
                instance, InstanceHeaders.validLabels(labels) ? InstanceHeaders.labels(labels) : Map.of(), current);
    }

    @Override
    public void refuseWhileRollingOut(ChangeRequest request) {
        ChangeRequest.About about = request.about();
        Rollout rollout = of(about.app().value(), about.target().value());
        if (rollout != null) {
            throw new ConflictException(
                    "A rollout of change request " + rollout.changeRequest() + " to " + rollout.selector()
                            + " is in progress for " + about.app() + " in " + about.target()
                            + "; merges into it wait until it is"
                            + " completed or aborted.",
                    config.head());
        }
    }

    @Override
    public ChangeRequest start(long id, Function<ChangeRequest, Merge> decide, Rollout.Selector selector) {
        writes.lock();
        try {
            Merge merge = decide.apply(requests.get(id));
            ChangeSet changes = merge.changes();
            // a trailer, so that the commit says in the history how it reached main
            ChangeSet rolledOut = new ChangeSet(
                    changes.app(),
                    changes.env(),
                    changes.set(),
                    changes.unset(),
                    changes.message() + "\nRolled-out-to: " + selector,
                    changes.author(),
                    changes.base());
            Rollout rollout = store.start(
                    id,
                    rolledOut,
                    selector,
                    merge.actor(),
                    "Started a gradual rollout to "
                            + selector + " in " + merge.changes().env()
                            + ": the selected instances get the merge, main stays"
                            + " until it is completed or aborted.");
            reload();
            events.publishEvent(new RolloutActivity(rollout, RolloutActivity.Outcome.STARTED, merge.actor(), null));
            return requests.get(id);
        } finally {
            writes.unlock();
        }
    }

    /**
     * Moves main to the candidate for everyone.
     *
     * @throws AccessDeniedException when the person may not merge into that environment
     * @throws NotFoundException     when no rollout is in progress there
     */
    public Revision complete(AppName app, EnvName env) {
        writes.lock();
        try {
            Rollout rollout = allowed(app, env);
            if (!requests.get(rollout.changeRequest()).isOpen()) {
                throw new ConflictException(
                        "Change request " + rollout.changeRequest() + " is no longer open, so its"
                                + " rollout cannot be completed; abort it.",
                        config.head());
            }
            Actor actor = actor(currentUser.require());
            Revision merged = store.complete(
                    rollout, actor, "Completed the rollout to " + rollout.selector() + ": everyone gets it.");
            reload();
            events.publishEvent(new RolloutActivity(rollout, RolloutActivity.Outcome.COMPLETED, actor, merged));
            ChangeRequest request = requests.get(rollout.changeRequest());
            events.publishEvent(
                    new ChangeRequestActivity(request, request.events().getLast()));
            return merged;
        } finally {
            writes.unlock();
        }
    }

    /**
     * Drops the candidate: everyone keeps main; the change request stays open.
     *
     * @throws AccessDeniedException when the person may not merge into that environment
     * @throws NotFoundException     when no rollout is in progress there
     */
    public Rollout abort(AppName app, EnvName env) {
        writes.lock();
        try {
            Rollout rollout = allowed(app, env);
            Actor actor = actor(currentUser.require());
            store.abort(
                    rollout,
                    actor,
                    "Aborted the rollout to " + rollout.selector() + ": nobody gets it; main is unchanged.");
            reload();
            events.publishEvent(new RolloutActivity(rollout, RolloutActivity.Outcome.ABORTED, actor, null));
            return rollout;
        } finally {
            writes.unlock();
        }
    }

    /** Why the signed-in person may not complete or abort a rollout in {@code env}, or null when they may. */
    public @Nullable String refusal(AppName app, EnvName env) {
        return changes.getObject().mergeRefusal(app, env);
    }

    private Rollout allowed(AppName app, EnvName env) {
        String refusal = refusal(app, env);
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
        Rollout rollout = store.all().stream()
                .filter(r -> r.target().equals(new AppEnv(app, env)))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("No rollout is in progress for " + app + " in " + env + "."));
        return rollout;
    }

    private void reload() {
        try {
            inProgress = read();
        } catch (RuntimeException e) {
            // the refs moved, and will again: serving keeps what it had rather than fail the writer
            LOG.warn("The rollouts in progress could not be read again: {}", e.toString());
        }
    }

    private Map<String, Rollout> read() {
        Map<String, Rollout> read = new HashMap<>();
        for (Rollout rollout : store.all()) {
            read.put(rollout.target().app() + "/" + rollout.target().env(), rollout);
        }
        return Map.copyOf(read);
    }

    private static Actor actor(Person person) {
        return new Actor(person.username(), new Author(person.name(), person.email()));
    }
}
