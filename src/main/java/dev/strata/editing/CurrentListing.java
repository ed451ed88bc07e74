package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.LastChange;
import dev.strata.secrets.Secrets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The overview's {@link ApplicationListing} at the head, kept current in the background: made right after
 * start-up and again whenever main moves, with the first page of rows summarised, so that neither the
 * first visitor after start-up nor the first after a save waits for it. Each new listing takes its "last
 * change" column from the previous one plus the commits since (a walk of the few new commits), and the
 * summaries of the applications those commits did not touch; only the first, a rewrite of main or a jump
 * of more than {@link ApplicationsService#RECENT_COMMITS} commits walks the newest of those from the head.
 */
@Component
class CurrentListing implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentListing.class);

    /** The overview grid's page size: the rows its first request asks for. */
    private static final int FIRST_PAGE = 50;

    private final ConfigStore store;
    private final ConfigHistory history;
    private final Secrets secrets;
    private final AtomicReference<ApplicationListing> current = new AtomicReference<>();
    /** Made on a thread of its own: the store's listener runs on the committing thread. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("strata-overview").daemon().factory());

    private final AtomicBoolean pending = new AtomicBoolean();

    CurrentListing(ConfigStore store, ConfigHistory history, Secrets secrets) {
        this.store = store;
        this.history = history;
        this.secrets = secrets;
        store.whenRefsMove(this::refreshSoon);
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        refreshSoon();
    }

    /** The listing at the head: the one made already unless main has moved since. */
    ApplicationListing get() {
        ApplicationListing listing = current.get();
        if (listing != null && listing.revision().equals(store.head())) {
            return listing;
        }
        return refresh();
    }

    /** The listing made so far, if any, without making one: what a visitor would be shown without waiting. */
    Optional<ApplicationListing> made() {
        return Optional.ofNullable(current.get());
    }

    /** Once for any number of moves that arrive while a listing is being made. */
    private void refreshSoon() {
        if (pending.compareAndSet(false, true)) {
            background.execute(() -> {
                pending.set(false);
                try {
                    // and the overview's first page without a filter, for whoever opens it next
                    refresh().fetch(ApplicationListing.Filter.ALL, 0, FIRST_PAGE);
                } catch (RuntimeException e) {
                    LOG.warn("Could not list the applications for the overview ahead of time: {}", e.toString());
                }
            });
        }
    }

    /** One at a time, so that a visitor arriving while the background makes a listing waits for it rather than walking too. */
    private synchronized ApplicationListing refresh() {
        ConfigSnapshot snapshot = store.snapshot();
        ApplicationListing previous = current.get();
        if (previous != null && previous.revision().equals(snapshot.revision())) {
            return previous;
        }
        Optional<Map<AppName, LastChange>> since = previous == null
                ? Optional.empty()
                : history.lastChanges(previous.revision(), snapshot.revision(), ApplicationsService.RECENT_COMMITS);
        ApplicationListing fresh;
        if (since.isPresent()) {
            Map<AppName, LastChange> merged = new HashMap<>(previous.lastChanges());
            merged.putAll(since.get());
            fresh = new ApplicationListing(snapshot, secrets, merged);
            fresh.takeOver(previous, since.get().keySet());
        } else {
            fresh = new ApplicationListing(snapshot, secrets, history.lastChanges(ApplicationsService.RECENT_COMMITS));
        }
        current.set(fresh);
        return fresh;
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
