package dev.strata.changes;

import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who may do what with a change request: open, approve, merge, refresh, close or reopen it. Each
 * rule gives the sentence that explains a refusal, or null when the person may; the life cycle
 * enforces them and the review shows them next to the buttons.
 */
final class ReviewRules {

    private ReviewRules() {}

    /** The teams owning {@code app} now; empty when it has none or does not exist. */
    static List<String> owners(ConfigSnapshot head, AppName app) {
        return head.application(app).map(a -> a.schema().owners()).orElse(List.of());
    }

    static String approveRefusal(ChangeRequest request, Person person, List<String> owners) {
        EnvName target = request.about().target();
        if (!request.isOpen()) {
            return "Change request " + request.id() + " is " + request.state().word()
                    + "; only open ones can be approved.";
        }
        if (request.contributors().contains(person.username())) {
            return request.author().username().equals(person.username())
                    ? "You opened this change request, so someone else must approve it."
                    : "You refreshed this change request, so someone else must approve it.";
        }
        if (!person.canApprove(target.value(), owners)) {
            return "Approving change requests into " + target + " needs the role "
                    + Person.needed(Role.Kind.APPROVER, target.value(), owners) + ".";
        }
        return null;
    }

    static String changeRefusal(
            ChangeRequest request, Person person, String action, boolean notOpen, List<String> owners) {
        if (notOpen) {
            return "It is " + request.state().word() + ".";
        }
        EnvName target = request.about().target();
        boolean allowed = request.author().username().equals(person.username())
                || mayReview(person, target, owners)
                || (!"refresh".equals(action) && person.isAdmin());
        return allowed
                ? null
                : "Only its author, " + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ", or "
                        + Person.needed(Role.Kind.APPROVER, target.value(), owners) + " may " + action + " it.";
    }

    static void requireMayChange(ChangeRequest request, Person person, String action, List<String> owners) {
        String refusal = changeRefusal(request, person, action, false, owners);
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
    }

    static void requireOpen(ChangeRequest request, String action) {
        if (!request.isOpen()) {
            throw new ConflictException(
                    "Change request " + request.id() + " is " + request.state().word() + "; only open ones can be "
                            + action + ".",
                    null);
        }
    }

    static void requireClosed(ChangeRequest request) {
        if (request.state() != ChangeRequest.State.CLOSED) {
            throw new ConflictException(
                    "Change request " + request.id() + " is " + request.state().word()
                            + "; only a closed one can be reopened"
                            + (request.state() == ChangeRequest.State.MERGED
                                    ? " (a merged one is final: open a new one, or revert its commit)"
                                    : "")
                            + ".",
                    null);
        }
    }

    static boolean mayReview(Person person, EnvName target, List<String> owners) {
        return person.canEdit(target.value(), owners) || person.canApprove(target.value(), owners);
    }

    static String mergeRefusal(Person person, EnvName target, List<String> owners) {
        return mayReview(person, target, owners)
                ? null
                : "Merging into " + target + " needs the role "
                        + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ", or "
                        + Person.needed(Role.Kind.APPROVER, target.value(), owners) + ".";
    }

    static String mayOpen(Person person, EnvName target, List<String> owners) {
        return person.canEdit(target.value(), owners)
                ? null
                : "Proposing changes to " + target + " needs the role "
                        + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ".";
    }

    static void requireMayOpen(Person person, EnvName target, List<String> owners) {
        String refusal = mayOpen(person, target, owners);
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
    }

    /** Whether {@code person} could approve it now and has not. */
    static boolean waitingFor(ChangeRequest request, Person person, List<String> owners) {
        return approveRefusal(request, person, owners) == null && !request.approvedBy(person.username());
    }
}
