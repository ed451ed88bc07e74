package dev.strata.security;

import dev.strata.TestDataDirectories;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.test.context.DynamicPropertyRegistry;

/** "Corp SSO": a real OpenID Connect provider started for a test, and Strata's client registration for it. */
final class CorpSso {

    private CorpSso() {}

    /** Starts {@code provider} and points a Strata with a data directory of its own at it. */
    static void register(MockOAuth2Server provider, DynamicPropertyRegistry registry) {
        provider.start();
        var dataDir = TestDataDirectories.create();
        registry.add("strata.data-dir", dataDir::toString);
        registry.add("spring.security.oauth2.client.registration.corp.client-id", () -> "strata");
        registry.add("spring.security.oauth2.client.registration.corp.client-secret", () -> "strata-secret");
        registry.add("spring.security.oauth2.client.registration.corp.client-name", () -> "Corp SSO");
        registry.add("spring.security.oauth2.client.registration.corp.scope", () -> "openid,profile,email");
        registry.add(
                "spring.security.oauth2.client.provider.corp.issuer-uri",
                () -> provider.issuerUrl("corp").toString());
    }
}
