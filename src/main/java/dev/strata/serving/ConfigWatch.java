package dev.strata.serving;

import dev.strata.config.ConfigStore;
import dev.strata.config.Revision;
import dev.strata.formats.FileFormat;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Holds clients that wait for their configuration to change ({@code ?wait=N}) as asynchronous
 * servlet requests, so that thousands of them hold no threads. One thread watches the head of the
 * repository, answers every waiter whose configuration changed, and ends the waits whose time is
 * up with 304. It looks as soon as the store moves a ref (a commit through Strata, a fetch from the
 * remote), and every {@value #POLL_MILLIS} ms for what the store cannot report (a push by plain git
 * into the data directory) and for the waits that end.
 * <p>
 * It writes those answers itself rather than through a {@code DeferredResult}, which dispatches
 * each request through the filter chain and Spring MVC once more: for 5,000 waiters that took
 * seconds, beyond the one second in which a change must reach them. A waiter whose configuration
 * can no longer be served (its application or environment is gone) is the exception: it is
 * dispatched again with the failure, so that it gets the same error a new request would.
 */
@Component
class ConfigWatch {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatch.class);
    static final long POLL_MILLIS = 100;
    /** The request attribute that carries the failure of a waiter dispatched again. */
    static final String FAILURE = ConfigWatch.class.getName() + ".failure";
    /** The container's own timeout is a backstop only: the watch thread ends each wait on time. */
    private static final long BACKSTOP_MILLIS = 30_000;

    private final ConfigServing serving;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("strata-config-watch").daemon().factory());
    private final AtomicBoolean nudged = new AtomicBoolean();

    ConfigWatch(ConfigServing serving, ConfigStore store) {
        this.serving = serving;
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        store.whenRefsMove(this::nudge);
    }

    /** Looks at the head now rather than at the next poll; a burst of moves queues one look. */
    private void nudge() {
        if (nudged.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    nudged.set(false);
                    poll();
                });
            } catch (RejectedExecutionException e) {
                nudged.set(false); // stopping: the writer's commit must not fail for it
            }
        }
    }

    /** Answers with the new configuration when it differs from {@code baseline}, or 304 after {@code seconds}. */
    void await(
            HttpServletRequest request,
            HttpServletResponse response,
            Watched watched,
            FileFormat format,
            ConfigServing.Served baseline,
            String etag,
            int seconds) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(seconds * 1000L + BACKSTOP_MILLIS);
        var waiter = new Waiter(
                watched, format, baseline, etag, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), async);
        async.addListener(waiter);
        waiters.add(waiter);
    }

    /**
     * What a waiter watches: a configuration, as served to the instance its headers name (null when
     * they name none), which a rollout may serve a revision other than main's.
     */
    record Watched(String app, String env, String instance, String labels) {}

    /** How many requests wait for a change now. */
    int waiting() {
        return waiters.size();
    }

    private void poll() {
        try {
            var round = new Round(serving.head());
            long now = System.nanoTime();
            List<Waiter> written = new ArrayList<>();
            for (Waiter waiter : waiters) {
                // a waiter remembers the revision it was last compared at: a commit (or a rollout that
                // selects it) landing between its request and its registration here is compared all the same
                Revision served = round.served(waiter.watched);
                if (!served.equals(waiter.compared)) {
                    waiter.compared = served;
                    try {
                        var current = round.render(waiter.watched, waiter.format, served);
                        if (!current.sameBody(waiter.baseline)) {
                            if (waiter.write(current)) {
                                written.add(waiter);
                            }
                            continue;
                        }
                    } catch (RuntimeException e) {
                        waiter.fail(e);
                        continue;
                    }
                }
                if (now - waiter.deadline >= 0) {
                    waiter.answerUnchanged();
                }
            }
            // every answer is on its way before the container is asked to finish any of them: finishing
            // one (recycling the request, waiting for the connection's next request) costs more than
            // writing it, and on two cores would delay the answers not yet written
            for (Waiter waiter : written) {
                waiter.complete();
            }
        } catch (RuntimeException e) {
            log.warn("Watching for configuration changes failed; retrying", e);
        }
    }

    /**
     * One look at the head for all waiters: thousands of them mostly watch the same few
     * configurations, so each is resolved and rendered once per look, a failure included.
     */
    private final class Round {

        private final Revision head;
        private final Map<Watched, Revision> served = new HashMap<>();
        private final Map<RenderedConfigs.Key, Object> rendered = new HashMap<>();

        Round(Revision head) {
            this.head = head;
        }

        Revision served(Watched watched) {
            return served.computeIfAbsent(
                    watched, w -> serving.served(w.app(), w.env(), w.instance(), w.labels(), head));
        }

        ConfigServing.Served render(Watched watched, FileFormat format, Revision revision) {
            Object answer = rendered.computeIfAbsent(
                    new RenderedConfigs.Key(revision, watched.app(), watched.env(), format), key -> {
                        try {
                            return serving.render(key.app(), key.env(), key.format(), key.revision());
                        } catch (RuntimeException e) {
                            return e;
                        }
                    });
            if (answer instanceof RuntimeException failure) {
                throw failure;
            }
            return (ConfigServing.Served) answer;
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** One waiting request; answered once, by whoever claims it first (the watch thread or the container). */
    private final class Waiter implements AsyncListener {

        final Watched watched;
        final FileFormat format;
        final ConfigServing.Served baseline;
        final String etag;
        final long deadline;
        private final AsyncContext async;
        private final AtomicBoolean answered = new AtomicBoolean();
        /** The revision this waiter's configuration was last compared at; read and written by the watch thread only. */
        Revision compared;

        Waiter(
                Watched watched,
                FileFormat format,
                ConfigServing.Served baseline,
                String etag,
                long deadline,
                AsyncContext async) {
            this.watched = watched;
            this.format = format;
            this.baseline = baseline;
            this.etag = etag;
            this.deadline = deadline;
            this.async = async;
            this.compared = baseline.revision();
        }

        /**
         * Writes {@code current}, which Tomcat sends at once, from the watch thread, since the body
         * reaches its Content-Length; {@link #complete()} finishes the request afterwards. False when
         * the waiter was answered already or the client left.
         */
        boolean write(ConfigServing.Served current) {
            if (!claim()) {
                return false;
            }
            try {
                ConfigServlet.write((HttpServletResponse) async.getResponse(), current, format);
                return true;
            } catch (IOException e) {
                log.debug("A waiting client left before its answer", e);
                async.complete();
                return false;
            }
        }

        void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // the client left after its answer was written, and the container ended the request itself
                log.debug("A waiting client's request ended before it was completed", e);
            }
        }

        void answerUnchanged() {
            if (claim()) {
                var response = (HttpServletResponse) async.getResponse();
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                response.setHeader(HttpHeaders.ETAG, etag);
                async.complete();
            }
        }

        void fail(RuntimeException failure) {
            if (claim()) {
                async.getRequest().setAttribute(FAILURE, failure);
                async.dispatch();
            }
        }

        private boolean claim() {
            if (answered.compareAndSet(false, true)) {
                waiters.remove(this);
                return true;
            }
            return false;
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            answerUnchanged();
        }

        @Override
        public void onError(AsyncEvent event) {
            if (claim()) {
                async.complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            waiters.remove(this);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a waiter starts asynchronous processing once, in await
        }
    }
}
