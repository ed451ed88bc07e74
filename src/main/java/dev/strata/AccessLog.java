package dev.strata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The access log ({@code dev.strata.access}): sign-ins, password changes, admin actions. Each event
 * is one line {@code access event=<event> key=value ...} in plain logs, each value through
 * {@link LogText}; with structured logging ({@code logging.structured.format.console=ecs|logstash})
 * the same fields are also JSON fields {@code access.event}, {@code access.<key>}, so that a log
 * pipeline needs no parsing of the text. Both forms are made here from the same pairs, so they
 * cannot drift apart. The fields are namespaced because ECS already defines {@code event} and
 * {@code user} as objects.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.strata.access");

    private AccessLog() {}

    /** An event at INFO; {@code keysAndValues} alternate: a key (a plain word), then its value. */
    public static void info(String event, Object... keysAndValues) {
        log(Level.INFO, event, keysAndValues);
    }

    /** An event at WARN: a refusal or a failure someone may want to look into. */
    public static void warn(String event, Object... keysAndValues) {
        log(Level.WARN, event, keysAndValues);
    }

    private static void log(Level level, String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder builder = LOG.atLevel(level).addKeyValue("access.event", event);
        StringBuilder text = new StringBuilder("access event=").append(LogText.of(event));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            builder.addKeyValue("access." + key, value == null ? null : value.toString());
            text.append(' ').append(key).append('=').append(LogText.of(value));
        }
        builder.log(text.toString());
    }
}
