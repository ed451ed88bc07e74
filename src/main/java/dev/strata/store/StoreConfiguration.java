package dev.strata.store;

import dev.strata.StrataProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the configuration repository in {@code STRATA_DATA_DIR} at start-up (creating it when
 * missing), and offers it as the {@link dev.strata.config.ConfigStore} and
 * {@link dev.strata.config.ConfigHistory} ports.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    public GitConfigStore gitConfigStore(StrataProperties properties) {
        return GitConfigStore.open(properties.dataDir());
    }
}
