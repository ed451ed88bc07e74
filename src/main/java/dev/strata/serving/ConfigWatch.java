package dev.strata.serving;

import dev.strata.config.Revision;
import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds clients that wait for their configuration to change ({@code ?wait=N}) as asynchronous
 * requests, so that thousands of them hold no threads. One thread watches the head of the
 * repository (commits through Strata and pushes by plain git alike) and answers every waiter whose
 * configuration changed; the others keep waiting until their time is up (then 304).
 */
@Component
class ConfigWatch {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatch.class);
    static final long POLL_MILLIS = 100;

    record Waiter(String app, String env, Format format, String baseline, DeferredResult<ResponseEntity<String>> result) {
    }

    private final ConfigServing serving;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("strata-config-watch").daemon().factory());
    private volatile Revision seen;

    ConfigWatch(ConfigServing serving) {
        this.serving = serving;
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Answers with the new configuration when it differs from {@code baseline}, or 304 after {@code seconds}. */
    DeferredResult<ResponseEntity<String>> await(String app, String env, Format format, String baseline,
                                                 String etag, int seconds) {
        var result = new DeferredResult<ResponseEntity<String>>(seconds * 1000L);
        var waiter = new Waiter(app, env, format, baseline, result);
        result.onTimeout(() -> result.setResult(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build()));
        result.onCompletion(() -> waiters.remove(waiter));
        result.onError(error -> waiters.remove(waiter));
        waiters.add(waiter);
        return result;
    }

    int waiting() {
        return waiters.size();
    }

    private void poll() {
        try {
            Revision head = serving.head();
            if (head.equals(seen)) {
                return;
            }
            seen = head;
            for (Waiter waiter : waiters) {
                try {
                    var current = serving.render(waiter.app(), waiter.env(), waiter.format(), head);
                    if (!current.body().equals(waiter.baseline())) {
                        waiter.result().setResult(ConfigController.ok(current, waiter.format()));
                    }
                } catch (RuntimeException e) {
                    waiter.result().setErrorResult(e); // the application or environment is gone: say so
                }
            }
        } catch (RuntimeException e) {
            log.warn("Watching for configuration changes failed; retrying", e);
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
