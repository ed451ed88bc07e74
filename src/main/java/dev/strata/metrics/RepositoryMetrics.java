package dev.strata.metrics;

import dev.strata.config.AppEnv;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.Replication;
import dev.strata.config.ReplicationStatus;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the repository did, for {@code /actuator/prometheus}: commits on main by application and
 * environment (Strata's own and those fetched from the remote alike), change requests by state,
 * merges, and how long ago the remote was last fetched from and pushed to.
 * <p>
 * Counted from the store's news that a ref moved rather than at each place that commits: the
 * history says which application and environment a commit touched, whoever made it. The store's
 * listener runs on the committing thread, so the counting happens on a thread of its own, once for
 * any number of moves that arrive while it runs.
 */
@Component
class RepositoryMetrics implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryMetrics.class);

    /** A jump longer than this (a large fetch) is counted up to here; the rest is in Git. */
    static final int MAX_COMMITS_PER_MOVE = 2_000;
    /**
     * Commits read in the first page of history while counting; each later page is twice as long. A move
     * is mostly one commit (then the page holds it and the one counted before), and each commit of a page
     * is diffed: a page of 500 cost about 240 ms of CPU after every commit at 1,000 applications, and
     * pages of 20 still diffed ten times the commits a move brought.
     */
    static final int FIRST_PAGE = 2;

    private final ConfigStore store;
    private final ConfigHistory history;
    private final ChangeRequestStore changeRequests;
    private final MeterRegistry meters;
    private final ExecutorService counting = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("strata-metrics").daemon().factory());
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Counter merges;
    private final Map<ChangeRequest.State, Long> byState = new EnumMap<>(ChangeRequest.State.class);
    private Revision counted;
    private long merged;

    RepositoryMetrics(
            ConfigStore store,
            ConfigHistory history,
            ChangeRequestStore changeRequests,
            MeterRegistry meters,
            ObjectProvider<Replication> replication) {
        this.store = store;
        this.history = history;
        this.changeRequests = changeRequests;
        this.meters = meters;
        this.merges = Counter.builder("strata.merges")
                .description("Change requests merged")
                .register(meters);
        this.counted = store.head();
        countChangeRequests();
        this.merged = byState.getOrDefault(ChangeRequest.State.MERGED, 0L);
        for (ChangeRequest.State state : ChangeRequest.State.values()) {
            Gauge.builder("strata.change.requests", this, metrics -> metrics.changeRequests(state))
                    .description("Change requests by state")
                    .tag("state", state.word())
                    .register(meters);
        }
        replication.ifAvailable(this::remoteMeters);
        store.whenRefsMove(this::refsMoved);
    }

    private void refsMoved() {
        if (pending.compareAndSet(false, true)) {
            counting.execute(() -> {
                pending.set(false);
                try {
                    countCommits();
                    countChangeRequests();
                } catch (RuntimeException e) {
                    LOG.warn("Could not count the repository's news for the metrics: {}", e.toString());
                }
            });
        }
    }

    private void countCommits() {
        Revision head = store.head();
        if (head.equals(counted)) {
            return;
        }
        List<HistoryEntry> fresh = new ArrayList<>();
        String cursor = null;
        int pageSize = FIRST_PAGE;
        outer:
        do {
            HistoryPage page = history.history(HistoryQuery.latest(pageSize).after(cursor));
            for (HistoryEntry entry : page.entries()) {
                if (entry.revision().equals(counted) || fresh.size() >= MAX_COMMITS_PER_MOVE) {
                    break outer;
                }
                fresh.add(entry);
            }
            cursor = page.nextCursor();
            pageSize = Math.min(pageSize * 2, HistoryQuery.MAX_LIMIT);
        } while (cursor != null);
        for (HistoryEntry entry : fresh) {
            Set<AppEnv> touched = new LinkedHashSet<>();
            entry.changes().stream().map(SettingChange::appEnv).forEach(touched::add);
            if (touched.isEmpty()) {
                commits("", "").increment(); // schemas or strata.yaml only
            }
            touched.forEach(appEnv ->
                    commits(appEnv.app().value(), appEnv.env().value()).increment());
        }
        counted = head;
    }

    private Counter commits(String app, String env) {
        return Counter.builder("strata.commits")
                .description("Commits on main, by the application and environment whose settings they changed")
                .tag("app", app)
                .tag("env", env)
                .register(meters);
    }

    private void countChangeRequests() {
        Map<ChangeRequest.State, Long> counts = new EnumMap<>(ChangeRequest.State.class);
        for (ChangeRequest request : changeRequests.all()) {
            counts.merge(request.state(), 1L, Long::sum);
        }
        synchronized (byState) {
            byState.clear();
            byState.putAll(counts);
        }
        long now = counts.getOrDefault(ChangeRequest.State.MERGED, 0L);
        if (now > merged) {
            merges.increment(now - merged);
        }
        merged = now;
    }

    private double changeRequests(ChangeRequest.State state) {
        synchronized (byState) {
            return byState.getOrDefault(state, 0L);
        }
    }

    /** Ages in seconds (NaN before the first success); failures counted as each new one is seen. */
    private void remoteMeters(Replication remote) {
        Gauge.builder("strata.remote.fetch.age", remote, r -> age(r.status().lastFetch()))
                .baseUnit("seconds")
                .description("Time since the last successful fetch from the remote")
                .register(meters);
        Gauge.builder("strata.remote.push.age", remote, r -> age(r.status().lastPush()))
                .baseUnit("seconds")
                .description("Time since the last successful push to the remote")
                .register(meters);
        Gauge.builder("strata.remote.healthy", remote, r -> r.status().healthy() ? 1 : 0)
                .description("1 while the remote answers and its history is Strata's, else 0")
                .register(meters);
        var failures = new FailuresSeen(remote);
        FunctionCounter.builder("strata.remote.failures", failures, FailuresSeen::count)
                .description("Failed fetches or pushes, as seen when the metrics are read")
                .register(meters);
    }

    /** On the system clock, as the remote dates its fetches and pushes (demo mode's clock is not theirs). */
    private static double age(Instant last) {
        return last == null ? Double.NaN : Duration.between(last, Instant.now()).toMillis() / 1000.0;
    }

    /** Counts each distinct time of a last failure; the status keeps only the latest one. */
    private static final class FailuresSeen {
        private final Replication remote;
        private Instant last;
        private long count;

        FailuresSeen(Replication remote) {
            this.remote = remote;
        }

        synchronized double count() {
            ReplicationStatus status = remote.status();
            if (status.lastFailure() != null && !Objects.equals(status.lastFailure(), last)) {
                last = status.lastFailure();
                count++;
            }
            return count;
        }
    }

    @Override
    public void destroy() {
        counting.shutdownNow();
    }
}
