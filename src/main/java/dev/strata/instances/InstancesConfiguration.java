package dev.strata.instances;

import dev.strata.DataDirectory;
import dev.strata.config.InstanceSnapshots;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The sightings, the filter that records them on the serving endpoints, their daily expiry, and,
 * with a remote, their publication for the other Strata instances on it.
 */
@Configuration(proxyBeanMethods = false)
class InstancesConfiguration {

    /** On the application's clock when it has one (demo mode's), else the system's; no clock bean of its own. */
    @Bean
    Sightings sightings(ObjectProvider<Clock> clock) {
        return new Sightings(clock.getIfUnique(Clock::systemUTC), Sightings.CAPACITY);
    }

    /** After Spring Security's filters, so that the token is known and refused requests never get here. */
    @Bean
    FilterRegistrationBean<SightingFilter> sightingFilter(Sightings sightings) {
        var registration = new FilterRegistrationBean<>(new SightingFilter(sightings));
        registration.addUrlPatterns("/api/v1/config/*", "/config/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    Expiry sightingsExpiry(Sightings sightings) {
        return new Expiry(sightings);
    }

    /** The whole fleet's sightings; with a remote under this Strata instance's id, kept in the data directory. */
    @Bean
    SharedSightings sharedSightings(
            Sightings sightings, ObjectProvider<InstanceSnapshots> snapshots, DataDirectory dataDirectory) {
        InstanceSnapshots shared = snapshots.getIfAvailable();
        return new SharedSightings(sightings, shared, shared == null ? null : StrataInstanceId.in(dataDirectory));
    }

    @Bean
    @ConditionalOnExpression("!'${strata.remote.url:}'.isBlank()")
    Publication sightingsPublication(SharedSightings sightings) {
        return new Publication(sightings);
    }

    /**
     * Publishes this Strata instance's sightings every {@code strata.instances.publish-interval} (a
     * minute) and once more on shutdown, so that the others do not lose what it saw last.
     */
    record Publication(SharedSightings sightings) {

        private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

        @Scheduled(
                fixedDelayString = "${strata.instances.publish-interval:PT1M}",
                initialDelayString = "${strata.instances.publish-interval:PT1M}")
        void publish() {
            try {
                sightings.publish();
            } catch (RuntimeException e) {
                LOG.warn("Publishing the instances seen failed; trying again at the next interval: {}", e.getMessage());
            }
        }

        @PreDestroy
        void last() {
            publish();
        }
    }

    /** Forgets expired sightings every ten minutes, so that memory follows the fleet down too. */
    record Expiry(Sightings sightings) {
        @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
        void forget() {
            sightings.forgetExpired();
        }
    }
}
