package dev.strata.store;

import dev.strata.StrataProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Runs {@link GitConfigStore#maintain()} in the background: packs, and the commit-graph with
 * changed-path filters that keep history queries fast as the history grows. Safe while serving.
 */
@Component
@EnableScheduling
class StoreMaintenance implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);

    private final GitConfigStore store;
    private final Timer duration;
    private final StrataProperties.Maintenance schedule;

    StoreMaintenance(GitConfigStore store, StrataProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.store = store;
        this.schedule = properties.maintenance();
        // strata_maintenance_duration_seconds on /actuator/prometheus: a repository that outgrows its hour shows here
        // first
        this.duration = Timer.builder("strata.maintenance.duration")
                .description("Repository maintenance (packing, commit-graph)")
                .register(meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::maintain, schedule.interval(), schedule.initialDelay()));
    }

    void maintain() {
        long start = System.nanoTime();
        duration.record(store::maintain);
        LOG.info("Repository maintenance done in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
