package dev.strata.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Tomcat's RemoteIpValve reads the proxy's headers, from the addresses it trusts (here the loopback). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"strata.demo=true", "server.forward-headers-strategy=native"})
@DirtiesContext
class ForwardedHeadersNativeTest extends ForwardedHeadersTest {}
