package dev.strata.store;

import dev.strata.config.InstanceSnapshots;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link InstanceSnapshots} port, with a remote only: without one there is no other Strata
 * instance to share sightings with, so none are written.
 */
@Configuration(proxyBeanMethods = false)
class InstanceSnapshotsConfiguration {

    @Bean
    @ConditionalOnExpression("!'${strata.remote.url:}'.isBlank()")
    InstanceSnapshots instanceSnapshots(GitConfigStore store) {
        return store.instanceSnapshots();
    }
}
