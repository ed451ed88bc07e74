package dev.strata.changes;

import static dev.strata.changes.ReviewRules.mayReview;
import static dev.strata.changes.ReviewRules.owners;

import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Proposal;
import dev.strata.config.ValidationException;
import dev.strata.security.Person;
import org.springframework.security.access.AccessDeniedException;

/**
 * What merging a change request lands, decided again on each try of the write: whether the rules
 * still let it merge, and the commit it makes, authored by the change request's author, with
 * {@code Change-Request}, {@code Approved-by} and {@code Merged-by} trailers.
 */
final class MergeDecision {

    private final ConfigStore store;
    private final Reviews reviews;
    private final GradualMerge gradual;

    MergeDecision(ConfigStore store, Reviews reviews, GradualMerge gradual) {
        this.store = store;
        this.reviews = reviews;
        this.gradual = gradual;
    }

    /**
     * Refuses an override of a freeze by someone who is no admin, or with an unfit reason.
     *
     * @param overrideReason the reason given, or null when nothing is overridden
     */
    static void requireMayOverride(Person person, String overrideReason) {
        if (overrideReason == null) {
            return;
        }
        if (!person.isAdmin()) {
            throw new AccessDeniedException("Only an admin may merge into a frozen environment.");
        }
        String problem = FreezeWindow.reasonProblem(overrideReason);
        if (problem != null) {
            throw new ValidationException("reason", problem);
        }
    }

    /**
     * The merge of {@code request} by {@code person} on the current main branch.
     *
     * @param overrideReason why an admin merges into a frozen environment, or null
     * @throws AccessDeniedException when the person may not merge into its target
     * @throws ConflictException     when it is not open, lacks approvals, has conflicts or invalid values
     */
    Merge decide(ChangeRequest request, Person person, String overrideReason) {
        boolean overriding = overrideReason != null;
        ConfigSnapshot head = store.snapshot();
        Review review = reviews.review(request, person, head, overriding);
        if (review.may().merge() != null) {
            throw request.isOpen()
                            && !overriding
                            && !mayReview(
                                    person,
                                    request.about().target(),
                                    owners(head, request.about().app()))
                    ? new AccessDeniedException(review.may().merge())
                    : new ConflictException(review.may().merge(), head.revision());
        }
        gradual.refuseWhileRollingOut(request);
        ChangeRequest.About about = request.about();
        Proposal proposal = request.proposal();
        // recorded only when a freeze was in the way: an override of nothing is no event
        String overridden = overriding && review.freeze() != null
                ? "Merged despite the freeze: " + review.freeze() + " Reason: " + overrideReason
                : null;
        return new Merge(
                new ChangeSet(
                        about.app(),
                        about.target(),
                        proposal.set(),
                        proposal.unset(),
                        message(request, person, overridden == null ? null : overrideReason),
                        request.author().author(),
                        proposal.base()),
                ChangeRequestService.actor(person),
                overridden);
    }

    private static String message(ChangeRequest request, Person merger, String freezeOverride) {
        StringBuilder message = new StringBuilder(request.about().title());
        if (!request.about().description().isBlank()) {
            message.append("\n\n").append(request.about().description().strip());
        }
        message.append("\n\nChange-Request: ").append(request.id());
        for (ChangeRequestEvent approval : request.approvals()) {
            message.append("\nApproved-by: ").append(approval.actor().author());
        }
        message.append("\nMerged-by: ")
                .append(merger.name())
                .append(" <")
                .append(merger.email())
                .append('>');
        if (freezeOverride != null) {
            message.append("\nFreeze-Overridden: ").append(freezeOverride);
        }
        return message.toString();
    }
}
