package dev.strata.instances;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;

/** The sightings, the filter that records them on the serving endpoints, and their daily expiry. */
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

    /** Forgets expired sightings every ten minutes, so that memory follows the fleet down too. */
    record Expiry(Sightings sightings) {
        @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
        void forget() {
            sightings.forgetExpired();
        }
    }
}
