package dev.strata.notifications;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are sent ({@code STRATA_WEBHOOKS_*}).
 *
 * @param allowedHosts {@code STRATA_WEBHOOKS_ALLOWED_HOSTS}: when set, the only hosts webhooks may target
 *                     (so Strata cannot be used to reach internal addresses); empty allows any http(s) host
 * @param linkBase     {@code STRATA_WEBHOOKS_LINK_BASE}: the address people open Strata at, such as
 *                     {@code https://strata.example.com}, for the links in deliveries; without it links are paths
 * @param retryBase    the wait before the first retry, doubled for each further one (up to an hour)
 * @param retryFor     how long a failing delivery is retried
 * @param timeout      how long connecting, and then the answer, may take
 */
@ConfigurationProperties(prefix = "strata.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedHosts,
        String linkBase,
        @DefaultValue("30s") Duration retryBase,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("5s") Duration timeout) {

    public WebhookProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        linkBase =
                linkBase == null || linkBase.isBlank() ? "" : linkBase.strip().replaceAll("/+$", "");
        retryBase = retryBase == null ? Duration.ofSeconds(30) : retryBase;
        retryFor = retryFor == null ? Duration.ofHours(24) : retryFor;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }
}
