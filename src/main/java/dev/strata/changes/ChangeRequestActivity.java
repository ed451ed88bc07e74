package dev.strata.changes;

import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import java.util.Objects;

/**
 * Something happened to a change request on this instance (published as a Spring application event
 * after it is recorded), for features that react to reviews, such as webhooks, without the review
 * knowing them.
 *
 * @param request the change request after the event
 * @param event   what happened, the last event of its record
 */
public record ChangeRequestActivity(ChangeRequest request, ChangeRequestEvent event) {

    public ChangeRequestActivity {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(event, "event");
    }
}
