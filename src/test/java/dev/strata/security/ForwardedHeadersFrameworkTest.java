package dev.strata.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Spring's ForwardedHeaderFilter reads the proxy's headers. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"strata.demo=true", "server.forward-headers-strategy=framework"})
@DirtiesContext
class ForwardedHeadersFrameworkTest extends ForwardedHeadersTest {}
