package dev.strata.store;

import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import dev.strata.config.StoreException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the configuration repository in {@code STRATA_DATA_DIR} at start-up (creating it when
 * missing), and offers it as the {@link dev.strata.config.ConfigStore} and
 * {@link dev.strata.config.ConfigHistory} ports, and its change requests as the
 * {@link dev.strata.config.ChangeRequestStore} port. A repository that cannot be opened stops start-up
 * with the store's explanation rather than a stack trace.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    public GitConfigStore gitConfigStore(DataDirectory dataDirectory) {
        try {
            return GitConfigStore.open(dataDirectory.path());
        } catch (StoreException e) {
            throw new StartupProblem(e.getMessage(),
                    "Fix or move " + dataDirectory.resolve("config.git") + ", or point STRATA_DATA_DIR elsewhere.", e);
        }
    }

    @Bean
    public GitChangeRequests gitChangeRequests(GitConfigStore store) {
        return store.changeRequests();
    }
}
