package dev.strata.changes;

import static dev.strata.changes.ReviewRules.approveRefusal;
import static dev.strata.changes.ReviewRules.mayOpen;
import static dev.strata.changes.ReviewRules.owners;
import static dev.strata.changes.ReviewRules.requireClosed;
import static dev.strata.changes.ReviewRules.requireMayChange;
import static dev.strata.changes.ReviewRules.requireMayOpen;
import static dev.strata.changes.ReviewRules.requireOpen;

import dev.strata.changes.ChangeRequestList.Filter;
import dev.strata.changes.ChangeRequestList.Summary;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestEvent.Type;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeRequestStore.Step;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.NotFoundException;
import dev.strata.config.Proposal;
import dev.strata.config.Reversal;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.secrets.Secrets;
import dev.strata.security.AccountDirectory;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Change requests through their life cycle: opening promotions, edits and reverts, reviewing,
 * merging. Every action here checks the rules of {@link ReviewRules} (who may approve, merge,
 * refresh or close) and answers with the {@link Review} that {@link Reviews} builds (what blocks a
 * merge), so the HTTP API and the pages obey the same rules; {@link Proposals} computes what each
 * one would change, {@link MergeDecision} what a merge lands, {@link ChangeRequestList} the list.
 */
@Service
public class ChangeRequestService {

    private final ChangeRequestStore requests;
    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentUser currentUser;
    private final Reviews reviews;
    private final Proposals proposals;
    private final ApplicationEventPublisher events;
    private final GradualMerge gradual;
    private final ChangeRequestList list;
    private final MergeDecision merging;
    /** Merges of this process one at a time: between the check and the record, nothing else merges. */
    private final ReentrantLock mergeLock = new ReentrantLock();

    ChangeRequestService(
            ChangeRequestStore requests,
            ConfigStore store,
            ConfigHistory history,
            CurrentUser currentUser,
            Secrets secrets,
            AccountDirectory accounts,
            MergeGates gates,
            ApplicationEventPublisher events,
            GradualMerge gradual) {
        this.requests = requests;
        this.store = store;
        this.history = history;
        this.currentUser = currentUser;
        this.reviews = new Reviews(store, history, secrets, accounts, gates);
        this.proposals = new Proposals(secrets, history);
        this.events = events;
        this.gradual = gradual;
        this.list = new ChangeRequestList(requests, store);
        this.merging = new MergeDecision(store, reviews, gradual);
    }

    // --- reading

    /** Change requests matching {@code filter}, newest first. */
    public List<Summary> list(Filter filter) {
        return list.list(filter, currentUser.require());
    }

    /** How many change requests are open, per application. */
    public Map<AppName, Integer> openCounts() {
        currentUser.require();
        return list.openCounts();
    }

    /**
     * One change request as the signed-in person reviews it.
     *
     * @throws NotFoundException when there is none with that id
     */
    public Review review(long id) {
        Person person = currentUser.require();
        return reviews.review(requests.get(id), person, store.snapshot());
    }

    /**
     * What a promotion of {@code app} into {@code target} would bring over now: every key whose
     * value differs from the environment before it, with the ones chosen by default marked.
     */
    public PromotionPreview previewPromotion(AppName app, EnvName target) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = Proposals.application(head, app).schema();
        EnvName source = Proposals.source(head, target, null);
        return new PromotionPreview(
                app,
                source,
                target,
                proposals.preview(head, app, source, target, schema),
                mayOpen(person, target, schema.owners()));
    }

    // --- opening

    /**
     * Opens a promotion of {@code app} from the environment before {@code target}.
     *
     * @param source the environment to promote from, when the client names it (it must be the one before target)
     * @param keys   the keys to bring over, or null for every key that differs except {@code envSpecific} ones
     */
    public Review openPromotion(
            AppName app, EnvName target, EnvName source, Set<SettingKey> keys, String title, String description) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = Proposals.application(head, app).schema();
        EnvName from = Proposals.source(head, target, source);
        requireMayOpen(person, target, schema.owners());
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.PROMOTION,
                app,
                from,
                target,
                title == null || title.isBlank() ? "Promote " + app + " from " + from + " to " + target : title,
                description,
                keys == null ? null : new TreeSet<>(keys),
                null);
        Proposal proposal = proposals.promotion(head, about, schema, true);
        return reviews.review(
                announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
    }

    /** Opens a proposed edit of {@code app} in {@code target} (a hotfix into a protected environment). */
    public Review openEdit(
            AppName app,
            EnvName target,
            SortedMap<SettingKey, String> set,
            SortedSet<SettingKey> unset,
            String title,
            String description) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = Proposals.application(head, app).schema();
        Proposals.requireEnvironment(head, target);
        requireMayOpen(person, target, schema.owners());
        var about = new ChangeRequest.About(ChangeRequest.Kind.EDIT, app, null, target, title, description, null, null);
        Proposal proposal = proposals.edit(head, app, target, schema, set, unset);
        return reviews.review(
                announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
    }

    /**
     * Opens a change request that undoes {@code revision} (or only {@code onlyKey} of it) in its
     * environment, for environments that take changes only through review.
     *
     * @throws ConflictException when a key it would restore changed again since
     */
    public Review openRevert(Revision revision, SettingKey onlyKey, String title, String description) {
        Person person = currentUser.require();
        Reversal reversal = Reversal.of(history.commit(revision), onlyKey);
        ConfigSnapshot head = store.snapshot();
        AppName app = reversal.target().app();
        EnvName target = reversal.target().env();
        Schema schema = Proposals.application(head, app).schema();
        Proposals.requireEnvironment(head, target);
        requireMayOpen(person, target, schema.owners());
        Proposal reverting = proposals.revert(head, revision, reversal);
        String subject = reversal.message().lines().findFirst().orElseThrow();
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.REVERT,
                app,
                null,
                target,
                title == null || title.isBlank() ? subject : title,
                description == null || description.isBlank()
                        ? reversal.message().substring(subject.length()).strip()
                        : description,
                null,
                revision);
        Proposal proposal = proposals.withoutNoOps(head, app, target, schema, reverting);
        return reviews.review(
                announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
    }

    // --- reviewing

    /** Adds a comment; everyone signed in may comment, in any state. */
    public Review comment(long id, String text) {
        Person person = currentUser.require();
        String problem = ChangeRequestEvent.commentProblem(text);
        if (problem != null) {
            throw new ValidationException("text", problem);
        }
        ChangeRequest after = requests.append(id, current -> new Step(Type.COMMENTED, actor(person), text, null, null));
        return reviews.review(announced(after, Type.COMMENTED), person, store.snapshot());
    }

    /**
     * Approves as the signed-in person; approving again changes nothing.
     *
     * @throws AccessDeniedException when the person is no approver of the target, or shaped its content
     * @throws ConflictException     when the change request is not open
     */
    public Review approve(long id) {
        Person person = currentUser.require();
        AtomicBoolean approved = new AtomicBoolean();
        ChangeRequest after = requests.append(id, current -> {
            String refusal = approveRefusal(
                    current, person, owners(store.snapshot(), current.about().app()));
            if (refusal != null) {
                throw current.isOpen() ? new AccessDeniedException(refusal) : new ConflictException(refusal, null);
            }
            approved.set(!current.approvedBy(person.username()));
            return approved.get() ? Step.of(Type.APPROVED, actor(person)) : null;
        });
        return reviews.review(approved.get() ? announced(after, Type.APPROVED) : after, person, store.snapshot());
    }

    /**
     * Merges: one commit on the main branch, authored by the change request's author, with
     * {@code Change-Request} and {@code Approved-by} trailers.
     *
     * @throws AccessDeniedException when the person is neither editor nor approver of the target
     * @throws ConflictException     when it is not open, lacks approvals, has conflicts or invalid values
     */
    public Review merge(long id) {
        return merge(id, null);
    }

    /**
     * Merges as {@link #merge(long)} does; with an {@code overrideReason}, an admin merges into a
     * frozen environment, and the reason is recorded on the MERGED event and in the merge commit.
     *
     * @throws AccessDeniedException when someone who is no admin overrides
     * @throws ValidationException   when the reason is empty, too long or not one line
     */
    public Review merge(long id, String overrideReason) {
        return merge(id, overrideReason, null);
    }

    /** Merges as {@link #merge(long, String)} does, or with a {@code rollout} starts a gradual rollout instead. */
    public Review merge(long id, String overrideReason, Rollout.Selector rollout) {
        Person person = currentUser.require();
        MergeDecision.requireMayOverride(person, overrideReason);
        mergeLock.lock();
        try {
            // the commit and the MERGED event land together; the rules are checked again on each try
            Function<ChangeRequest, Merge> decide = request -> merging.decide(request, person, overrideReason);
            if (rollout != null) {
                return reviews.review(gradual.start(id, decide, rollout), person, store.snapshot());
            }
            ChangeRequest after = requests.merge(id, decide);
            return reviews.review(announced(after, Type.MERGED), person, store.snapshot());
        } finally {
            mergeLock.unlock();
        }
    }

    /**
     * Recomputes the proposal on the current main branch (a promotion from its source's current
     * values); earlier approvals no longer count, and whoever refreshes may not approve.
     */
    public Review refresh(long id) {
        Person person = currentUser.require();
        ChangeRequest after = requests.append(id, current -> {
            requireOpen(current, "refreshed");
            requireMayChange(
                    current,
                    person,
                    "refresh",
                    owners(store.snapshot(), current.about().app()));
            ConfigSnapshot head = store.snapshot();
            Schema schema = Proposals.application(head, current.about().app()).schema();
            Proposal proposal = current.about().kind() == ChangeRequest.Kind.PROMOTION
                    ? proposals.promotion(head, current.about(), schema, false)
                    : proposals.withoutNoOps(
                            head,
                            current.about().app(),
                            current.about().target(),
                            schema,
                            new Proposal(
                                    head.revision(),
                                    current.proposal().set(),
                                    current.proposal().unset()));
            return new Step(Type.REFRESHED, actor(person), null, null, proposal);
        });
        return reviews.review(after, person, store.snapshot());
    }

    /** Closes without merging; its author, the target's editors and approvers, and admins may. */
    public Review close(long id) {
        Person person = currentUser.require();
        ChangeRequest after = requests.append(id, current -> {
            requireOpen(current, "closed");
            requireMayChange(
                    current,
                    person,
                    "close",
                    owners(store.snapshot(), current.about().app()));
            return Step.of(Type.CLOSED, actor(person));
        });
        return reviews.review(announced(after, Type.CLOSED), person, store.snapshot());
    }

    /** Opens a closed change request again; approvals given before it was closed no longer count. */
    public Review reopen(long id) {
        Person person = currentUser.require();
        ChangeRequest after = requests.append(id, current -> {
            requireClosed(current);
            requireMayChange(
                    current,
                    person,
                    "reopen",
                    owners(store.snapshot(), current.about().app()));
            return Step.of(Type.REOPENED, actor(person));
        });
        return reviews.review(after, person, store.snapshot());
    }

    /** Tells the application's listeners of the event of {@code type} just recorded on {@code request}. */
    private ChangeRequest announced(ChangeRequest request, Type type) {
        ChangeRequestEvent last = request.events().getLast();
        if (last.type() == type) {
            events.publishEvent(new ChangeRequestActivity(request, last));
        }
        return request;
    }

    /** Why the signed-in person may not merge into {@code target} (nor complete or abort a rollout there), or null. */
    public String mergeRefusal(AppName app, EnvName target) {
        return ReviewRules.mergeRefusal(currentUser.require(), target, owners(store.snapshot(), app));
    }

    /** Why the signed-in person may not open change requests of {@code app} into {@code target}, or null when they may. */
    public String openRefusal(AppName app, EnvName target) {
        Person person = currentUser.require();
        return mayOpen(person, target, owners(store.snapshot(), app));
    }

    static Actor actor(Person person) {
        return new Actor(person.username(), new Author(person.name(), person.email()));
    }

    /**
     * What a promotion would bring over now.
     *
     * @param keys       the keys that differ, secret values masked
     * @param refusal    why the signed-in person may not open it, or null
     */
    public record PromotionPreview(AppName app, EnvName source, EnvName target, List<Key> keys, String refusal) {

        /**
         * @param chosen       whether it is brought over unless deselected ({@code envSpecific} keys are not)
         * @param defaultValue the schema's default, which applies where it is not set; masked when secret, null for none
         */
        public record Key(
                SettingKey key,
                String source,
                String target,
                boolean envSpecific,
                boolean secret,
                boolean chosen,
                String defaultValue) {}
    }
}
