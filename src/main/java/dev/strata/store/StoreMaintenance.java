package dev.strata.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    StoreMaintenance(GitConfigStore store) {
        this.store = store;
    }

    @Scheduled(initialDelayString = "${strata.maintenance.initial-delay:PT10M}", fixedDelayString = "${strata.maintenance.interval:PT1H}")
    void maintain() {
        long start = System.nanoTime();
        store.maintain();
        LOG.info("Repository maintenance done in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
