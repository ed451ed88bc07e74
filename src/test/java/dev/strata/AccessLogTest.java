package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class AccessLogTest {

    private final Logger access = (Logger) LoggerFactory.getLogger("dev.strata.access");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void listen() {
        events.start();
        access.addAppender(events);
    }

    @AfterEach
    void stopListening() {
        access.detachAppender(events);
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new TreeMap<>();
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            fields.put(pair.key, pair.value);
        }
        return fields;
    }

    @Test
    void an_event_is_the_same_line_of_text_and_the_same_fields_for_structured_logs() {
        AccessLog.warn("sign-in-failed", "user", "mallory", "address", "203.0.113.7");

        ILoggingEvent event = events.list.getLast();
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage())
                .isEqualTo("access event=sign-in-failed user=mallory address=203.0.113.7");
        assertThat(fields(event))
                .isEqualTo(Map.of(
                        "access.event", "sign-in-failed", "access.user", "mallory", "access.address", "203.0.113.7"));
    }

    @Test
    void a_forged_value_stays_one_quoted_field_in_the_text_and_is_kept_whole_as_a_field() {
        String forged = "mallory\naccess event=sign-in user=admin {}";

        AccessLog.info("sign-in", "user", forged, "address", null);

        ILoggingEvent event = events.list.getLast();
        assertThat(event.getFormattedMessage())
                .isEqualTo("access event=sign-in user=\"mallory\\naccess event=sign-in user=admin {}\" address=null")
                .doesNotContain("\n");
        assertThat(fields(event)).containsEntry("access.user", forged).containsEntry("access.address", null);
    }
}
