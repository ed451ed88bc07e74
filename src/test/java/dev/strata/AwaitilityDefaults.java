package dev.strata;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Awaitility's defaults look at a condition first after 100 ms and then every 100 ms, so each
 * {@code await()} idles at least that long even when the condition holds already. On two cores shared
 * by two test JVMs that idle time is lost to both: every test looks at once, then every 25 ms.
 * Registered for every test class through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {

    static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(POLL_INTERVAL);
    }
}
