package dev.strata.store;

import dev.strata.DataDirectory;
import dev.strata.RenderedBranchProperties;
import dev.strata.StartupProblem;
import dev.strata.StrataProperties;
import dev.strata.config.Committed;
import dev.strata.config.Replication;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the configuration repository in {@code STRATA_DATA_DIR} at start-up (creating it when
 * missing, from {@code STRATA_REMOTE_URL} when one is set), and offers it as the
 * {@link dev.strata.config.ConfigStore} and {@link dev.strata.config.ConfigHistory} ports, its
 * change requests as the {@link dev.strata.config.ChangeRequestStore} port, and its remote as the
 * {@link Replication} port. Commits are dated by the application's {@link Clock} when it has one (demo mode's), else
 * by the system clock. A repository or remote that cannot be used stops start-up with the
 * store's explanation rather than a stack trace.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    public GitConfigStore gitConfigStore(
            DataDirectory dataDirectory,
            StrataProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<RenderedBranchProperties> render,
            ApplicationEventPublisher events) {
        RenderedBranchConfiguration.refuseClash(render.getIfAvailable(), properties.remote());
        RemoteOptions remote;
        try {
            remote = remoteOptions(properties.remote());
        } catch (ValidationException e) {
            throw new StartupProblem(
                    "The remote settings are invalid: " + e.getMessage(),
                    "Fix the STRATA_REMOTE_* settings, or unset STRATA_REMOTE_URL to run without a remote.",
                    e);
        }
        try {
            GitConfigStore store = GitConfigStore.open(
                    dataDirectory.path(),
                    GitConfigStore.DEFAULT_STALE_LOCK_AGE,
                    remote,
                    clock.getIfUnique(Clock::systemDefaultZone),
                    properties.writePatience());
            // feature packages (notifications) hear of commits without the store or the services knowing them
            store.whenCommitted(revision -> events.publishEvent(new Committed(revision)));
            return store;
        } catch (StaleLocks.InUse e) {
            throw new StartupProblem(e.getMessage(), StaleLocks.InUse.ACTION, e);
        } catch (StoreException e) {
            throw new StartupProblem(
                    e.getMessage(),
                    remote == null
                            ? "Fix or move " + dataDirectory.resolve("config.git")
                                    + ", or point STRATA_DATA_DIR elsewhere."
                            : "Fix STRATA_REMOTE_URL or the remote, or move " + dataDirectory.resolve("config.git")
                                    + " away.",
                    e);
        }
    }

    @Bean
    public GitChangeRequests gitChangeRequests(GitConfigStore store) {
        return store.changeRequests();
    }

    @Bean
    public GitRollouts gitRollouts(GitConfigStore store) {
        return store.rollouts();
    }

    @Bean
    @ConditionalOnExpression("!'${strata.remote.url:}'.isBlank()")
    public Replication replication(GitConfigStore store) {
        return store.remote().orElseThrow();
    }

    private static RemoteOptions remoteOptions(StrataProperties.Remote remote) {
        if (remote.url() == null || remote.url().isBlank()) {
            return null;
        }
        return new RemoteOptions(
                remote.url().strip(),
                remote.branch(),
                blankToNull(remote.username()),
                blankToNull(remote.password()),
                remote.sshKey(),
                remote.knownHosts(),
                remote.fetchInterval(),
                remote.timeout());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
