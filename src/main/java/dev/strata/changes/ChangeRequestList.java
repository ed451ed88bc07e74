package dev.strata.changes;

import static dev.strata.changes.ReviewRules.owners;
import static dev.strata.changes.ReviewRules.waitingFor;

import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.security.Person;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The list of change requests: which ones match a filter, and the line each shows in the list
 * page and the API. {@link ChangeRequestService} checks who is signed in and asks this.
 */
public final class ChangeRequestList {

    private final ChangeRequestStore requests;
    private final ConfigStore store;

    ChangeRequestList(ChangeRequestStore requests, ConfigStore store) {
        this.requests = requests;
        this.store = store;
    }

    /** Change requests matching {@code filter} as {@code person} sees them, newest first. */
    List<Summary> list(Filter filter, Person person) {
        ConfigSnapshot head = store.snapshot();
        return requests.all().stream()
                .filter(request -> filter.matches(
                        request,
                        person,
                        waitingFor(request, person, owners(head, request.about().app()))))
                .map(request -> Summary.of(
                        request, Reviews.required(head, request.about().target())))
                .toList();
    }

    /** How many change requests are open, per application. */
    Map<AppName, Integer> openCounts() {
        Map<AppName, Integer> counts = new TreeMap<>();
        requests.all().stream()
                .filter(ChangeRequest::isOpen)
                .forEach(request -> counts.merge(request.about().app(), 1, Integer::sum));
        return counts;
    }

    /**
     * Which change requests to list; null fields match everything.
     *
     * @param state         open, merged or closed
     * @param app           the application
     * @param target        the target environment
     * @param author        the author's user name
     * @param waitingForMe  only those the signed-in person could approve and has not
     */
    public record Filter(ChangeRequest.State state, AppName app, EnvName target, String author, boolean waitingForMe) {

        public static final Filter OPEN = new Filter(ChangeRequest.State.OPEN, null, null, null, false);

        boolean matches(ChangeRequest request, Person person, boolean waiting) {
            return (state == null || request.state() == state)
                    && (app == null || request.about().app().equals(app))
                    && (target == null || request.about().target().equals(target))
                    && (author == null || request.author().username().equals(author))
                    && (!waitingForMe || waiting);
        }
    }

    /** One line of the list. */
    public record Summary(
            long id,
            ChangeRequest.Kind kind,
            ChangeRequest.State state,
            String app,
            String source,
            String target,
            String title,
            Review.Participant author,
            Instant opened,
            Instant updated,
            int keys,
            int approvals,
            int requiredApprovals) {

        static Summary of(ChangeRequest request, int required) {
            ChangeRequest.About about = request.about();
            return new Summary(
                    request.id(),
                    about.kind(),
                    request.state(),
                    about.app().value(),
                    about.source() == null ? null : about.source().value(),
                    about.target().value(),
                    about.title(),
                    Reviews.participant(request.author()),
                    request.opened(),
                    request.updated(),
                    request.proposal().keys().size(),
                    request.approvals().size(),
                    required);
        }
    }
}
