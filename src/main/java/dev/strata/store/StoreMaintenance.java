package dev.strata.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link GitConfigStore#maintain()} in the background: packs, and the commit-graph with
 * changed-path filters that keep history queries fast as the history grows. Safe while serving.
 */
@Component
@EnableScheduling
class StoreMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);

    private final GitConfigStore store;
    private final Timer duration;

    StoreMaintenance(GitConfigStore store, ObjectProvider<MeterRegistry> meters) {
        this.store = store;
        // strata_maintenance_duration_seconds on /actuator/prometheus: a repository that outgrows its hour shows here first
        this.duration = Timer.builder("strata.maintenance.duration").description("Repository maintenance (packing, commit-graph)")
                .register(meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Scheduled(initialDelayString = "${strata.maintenance.initial-delay:PT10M}", fixedDelayString = "${strata.maintenance.interval:PT1H}")
    void maintain() {
        long start = System.nanoTime();
        duration.record(store::maintain);
        LOG.info("Repository maintenance done in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
