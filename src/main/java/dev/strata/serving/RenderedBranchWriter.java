package dev.strata.serving;

import dev.strata.RenderedBranchProperties;
import dev.strata.config.ConfigStore;
import dev.strata.config.RenderedBranch;
import dev.strata.config.Revision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Follows main with the rendered branch ({@code STRATA_RENDER_BRANCH}): each commit of main, made
 * here or fetched from the remote, gets one commit there. It runs on a thread of its own, so that
 * a commit's request does not wait for it; the branch's own last commit tells what is left to do, so
 * that a restart (or a failure, tried again after {@link #RETRY}) renders what is missing.
 */
@Component
@ConditionalOnExpression("!'${strata.render.branch:}'.isBlank()")
class RenderedBranchWriter implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RenderedBranchWriter.class);
    static final Duration RETRY = Duration.ofSeconds(10);

    private final ConfigStore store;
    private final RenderedBranch branch;
    private final GitOpsRendering rendering;
    private final ScheduledThreadPoolExecutor renderer = new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("strata-render").factory());
    /** A run is queued: more news of moved refs adds nothing, as that run reads main's head when it starts. */
    private final AtomicBoolean queued = new AtomicBoolean();

    private volatile String failure;

    RenderedBranchWriter(
            ConfigStore store, RenderedBranch branch, ConfigResolver resolver, RenderedBranchProperties properties) {
        this.store = store;
        this.branch = branch;
        this.rendering = new GitOpsRendering(resolver, properties.url());
        // a retry waiting when Strata stops is dropped: the next start renders what is missing
        renderer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void afterPropertiesSet() {
        store.whenRefsMove(this::renderSoon);
        renderSoon();
    }

    /** Queues a run unless one is queued already; called on the thread that moved a ref, so it only passes the news on. */
    private void renderSoon() {
        if (queued.compareAndSet(false, true)) {
            try {
                renderer.execute(() -> {
                    queued.set(false);
                    renderPending();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // closing
            }
        }
    }

    private void renderPending() {
        String before = failure;
        try {
            List<Revision> pending = branch.pending();
            Map<String, String> files = pending.isEmpty() ? Map.of() : branch.files();
            for (Revision source : pending) {
                Map<String, String> rendered = rendering.render(store.snapshot(source), files);
                if (branch.commit(source, rendered)) {
                    LOG.debug("Rendered main@{} on {}", source.abbreviated(), branch.name());
                    files = rendered;
                } else {
                    break; // another instance rendered it; the next run starts from what it committed
                }
            }
            if (before != null) {
                LOG.info("Rendering main on {} works again", branch.name());
            }
            failure = null;
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getMessage());
            if (!failure.equals(before)) {
                LOG.warn(
                        "Rendering main on {} failed; trying again in {} s: {}",
                        branch.name(),
                        RETRY.toSeconds(),
                        failure);
            }
            try {
                renderer.schedule(this::renderSoon, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                LOG.debug(
                        "Closing; main@{} is rendered at the next start",
                        store.head().abbreviated());
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        renderer.shutdown();
        if (!renderer.awaitTermination(30, TimeUnit.SECONDS)) {
            renderer.shutdownNow();
        }
    }
}
