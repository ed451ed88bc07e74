package dev.strata.remote;

import dev.strata.config.Replication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The remote's health, when {@code STRATA_REMOTE_URL} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${strata.remote.url:}'.isBlank()")
class RemoteConfiguration {

    @Bean
    RemoteHealth remoteHealthIndicator(Replication replication) {
        return new RemoteHealth(replication);
    }
}
