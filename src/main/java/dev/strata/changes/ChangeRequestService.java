package dev.strata.changes;

import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestEvent.Type;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeRequestStore.Step;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Proposal;
import dev.strata.config.Reversal;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.secrets.SecretException;
import dev.strata.secrets.Secrets;
import dev.strata.security.AccountDirectory;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Change requests: opening promotions, edits and reverts, reviewing, merging. Every rule of the
 * review (who may approve, merge, refresh or close, what blocks a merge) is decided here, so the
 * HTTP API and the pages obey the same rules.
 */
@Service
public class ChangeRequestService {

    private final ChangeRequestStore requests;
    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentUser currentUser;
    private final Secrets secrets;
    private final AccountDirectory accounts;
    private final MergeGates gates;
    private final ApplicationEventPublisher events;
    private final GradualMerge gradual;
    /** Merges of this process one at a time: between the check and the record, nothing else merges. */
    private final ReentrantLock mergeLock = new ReentrantLock();

    ChangeRequestService(ChangeRequestStore requests, ConfigStore store, ConfigHistory history,
                         CurrentUser currentUser, Secrets secrets, AccountDirectory accounts, MergeGates gates,
                         ApplicationEventPublisher events, GradualMerge gradual) {
        this.requests = requests;
        this.store = store;
        this.history = history;
        this.currentUser = currentUser;
        this.secrets = secrets;
        this.accounts = accounts;
        this.gates = gates;
        this.events = events;
        this.gradual = gradual;
    }

    // --- reading

    /** Change requests matching {@code filter}, newest first. */
    public List<Summary> list(Filter filter) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        return requests.all().stream()
                .filter(request -> filter.matches(request, person, waitingFor(request, person, owners(head, request.about().app()))))
                .map(request -> Summary.of(request, required(head, request.about().target())))
                .toList();
    }

    /** How many change requests are open, per application. */
    public Map<AppName, Integer> openCounts() {
        currentUser.require();
        Map<AppName, Integer> counts = new TreeMap<>();
        requests.all().stream().filter(ChangeRequest::isOpen)
                .forEach(request -> counts.merge(request.about().app(), 1, Integer::sum));
        return counts;
    }

    /**
     * One change request as the signed-in person reviews it.
     *
     * @throws NotFoundException when there is none with that id
     */
    public Review review(long id) {
        Person person = currentUser.require();
        return review(requests.get(id), person, store.snapshot());
    }

    /**
     * What a promotion of {@code app} into {@code target} would bring over now: every key whose
     * value differs from the environment before it, with the ones chosen by default marked.
     */
    public PromotionPreview previewPromotion(AppName app, EnvName target) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = application(head, app).schema();
        EnvName source = source(head, target, null);
        Settings from = opened(head, app, source, schema);
        Settings to = opened(head, app, target, schema);
        List<PromotionPreview.Key> keys = new ArrayList<>();
        for (SettingKey key : differing(schema, from, to)) {
            KeySpec spec = schema.spec(key);
            keys.add(new PromotionPreview.Key(key, Secrecy.shown(spec, from.values().get(key)),
                    Secrecy.shown(spec, to.values().get(key)), spec.envSpecific(), spec.secret(), !spec.envSpecific(),
                    Secrecy.shown(spec, spec.defaultValue())));
        }
        return new PromotionPreview(app, source, target, keys, mayOpen(person, target, schema.owners()));
    }

    // --- opening

    /**
     * Opens a promotion of {@code app} from the environment before {@code target}.
     *
     * @param source the environment to promote from, when the client names it (it must be the one before target)
     * @param keys   the keys to bring over, or null for every key that differs except {@code envSpecific} ones
     */
    public Review openPromotion(AppName app, EnvName target, EnvName source, Set<SettingKey> keys, String title,
                                String description) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = application(head, app).schema();
        EnvName from = source(head, target, source);
        requireMayOpen(person, target, schema.owners());
        var about = new ChangeRequest.About(ChangeRequest.Kind.PROMOTION, app, from, target,
                title == null || title.isBlank() ? "Promote " + app + " from " + from + " to " + target : title,
                description, keys == null ? null : new TreeSet<>(keys), null);
        Proposal proposal = promotion(head, about, schema, true);
        return review(announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
    }

    /** Opens a proposed edit of {@code app} in {@code target} (a hotfix into a protected environment). */
    public Review openEdit(AppName app, EnvName target, SortedMap<SettingKey, String> set, SortedSet<SettingKey> unset,
                           String title, String description) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema schema = application(head, app).schema();
        requireEnvironment(head, target);
        requireMayOpen(person, target, schema.owners());
        var about = new ChangeRequest.About(ChangeRequest.Kind.EDIT, app, null, target, title, description, null, null);
        List<Problem> problems = new ArrayList<>(schema.validateChange(set, unset));
        problems.addAll(head.resolution(app, target).overrideProblems(set.keySet()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Proposal proposal = withoutNoOps(head, app, target, schema,
                new Proposal(head.revision(), secrets.seal(app, target, schema, set), unset));
        return review(announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
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
        Schema schema = application(head, app).schema();
        requireEnvironment(head, target);
        requireMayOpen(person, target, schema.owners());
        Set<SettingKey> touched = new HashSet<>(reversal.set().keySet());
        touched.addAll(reversal.unset());
        List<KeyConflict> conflicts = history.diff(revision, head.revision(), app, target).stream()
                .filter(change -> touched.contains(change.key()))
                .map(change -> new KeyConflict(change.key(), change.before(), change.after(), reversal.set().get(change.key())))
                .toList();
        if (!conflicts.isEmpty()) {
            throw new ConflictException(reversal.target(), head.revision(), conflicts);
        }
        String subject = reversal.message().lines().findFirst().orElseThrow();
        var about = new ChangeRequest.About(ChangeRequest.Kind.REVERT, app, null, target,
                title == null || title.isBlank() ? subject : title,
                description == null || description.isBlank() ? reversal.message().substring(subject.length()).strip() : description,
                null, revision);
        Proposal proposal = withoutNoOps(head, app, target, schema,
                new Proposal(head.revision(), reversal.set(), reversal.unset()));
        return review(announced(requests.open(about, proposal, actor(person)), Type.OPENED), person, store.snapshot());
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
        return review(announced(after, Type.COMMENTED), person, store.snapshot());
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
            String refusal = approveRefusal(current, person, owners(store.snapshot(), current.about().app()));
            if (refusal != null) {
                throw current.isOpen() ? new AccessDeniedException(refusal) : new ConflictException(refusal, null);
            }
            approved.set(!current.approvedBy(person.username()));
            return approved.get() ? Step.of(Type.APPROVED, actor(person)) : null;
        });
        return review(approved.get() ? announced(after, Type.APPROVED) : after, person, store.snapshot());
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
        if (overrideReason != null) {
            if (!person.isAdmin()) {
                throw new AccessDeniedException("Only an admin may merge into a frozen environment.");
            }
            String problem = FreezeWindow.reasonProblem(overrideReason);
            if (problem != null) {
                throw new ValidationException("reason", problem);
            }
        }
        boolean overriding = overrideReason != null;
        mergeLock.lock();
        try {
            // the commit and the MERGED event land together; the rules are checked again on each try
            Function<ChangeRequest, Merge> decide = request -> {
                ConfigSnapshot head = store.snapshot();
                Review review = review(request, person, head, overriding);
                if (review.may().merge() != null) {
                    throw request.isOpen() && !overriding && !mayReview(person, request.about().target(), owners(head, request.about().app()))
                            ? new AccessDeniedException(review.may().merge()) : new ConflictException(review.may().merge(), head.revision());
                }
                gradual.refuseWhileRollingOut(request);
                ChangeRequest.About about = request.about();
                Proposal proposal = request.proposal();
                // recorded only when a freeze was in the way: an override of nothing is no event
                String overridden = overriding && review.freeze() != null
                        ? "Merged despite the freeze: " + review.freeze() + " Reason: " + overrideReason : null;
                return new Merge(new ChangeSet(about.app(), about.target(), proposal.set(), proposal.unset(),
                        mergeMessage(request, person, overridden == null ? null : overrideReason),
                        request.author().author(), proposal.base()), actor(person), overridden);
            };
            if (rollout != null) {
                return review(gradual.start(id, decide, rollout), person, store.snapshot());
            }
            ChangeRequest after = requests.merge(id, decide);
            return review(announced(after, Type.MERGED), person, store.snapshot());
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
            requireMayChange(current, person, "refresh", owners(store.snapshot(), current.about().app()));
            ConfigSnapshot head = store.snapshot();
            Schema schema = application(head, current.about().app()).schema();
            Proposal proposal = current.about().kind() == ChangeRequest.Kind.PROMOTION
                    ? promotion(head, current.about(), schema, false)
                    : withoutNoOps(head, current.about().app(), current.about().target(), schema,
                            new Proposal(head.revision(), current.proposal().set(), current.proposal().unset()));
            return new Step(Type.REFRESHED, actor(person), null, null, proposal);
        });
        return review(after, person, store.snapshot());
    }

    /** Closes without merging; its author, the target's editors and approvers, and admins may. */
    public Review close(long id) {
        Person person = currentUser.require();
        ChangeRequest after = requests.append(id, current -> {
            requireOpen(current, "closed");
            requireMayChange(current, person, "close", owners(store.snapshot(), current.about().app()));
            return Step.of(Type.CLOSED, actor(person));
        });
        return review(announced(after, Type.CLOSED), person, store.snapshot());
    }

    /** Opens a closed change request again; approvals given before it was closed no longer count. */
    public Review reopen(long id) {
        Person person = currentUser.require();
        ChangeRequest after = requests.append(id, current -> {
            if (current.state() != ChangeRequest.State.CLOSED) {
                throw new ConflictException("Change request " + id + " is " + current.state().word()
                        + "; only a closed one can be reopened" + (current.state() == ChangeRequest.State.MERGED
                        ? " (a merged one is final: open a new one, or revert its commit)" : "") + ".", null);
            }
            requireMayChange(current, person, "reopen", owners(store.snapshot(), current.about().app()));
            return Step.of(Type.REOPENED, actor(person));
        });
        return review(after, person, store.snapshot());
    }

    /** Tells the application's listeners of the event of {@code type} just recorded on {@code request}. */
    private ChangeRequest announced(ChangeRequest request, Type type) {
        ChangeRequestEvent last = request.events().getLast();
        if (last.type() == type) {
            events.publishEvent(new ChangeRequestActivity(request, last));
        }
        return request;
    }

    // --- the rules

    private Review review(ChangeRequest request, Person person, ConfigSnapshot head) {
        return review(request, person, head, false);
    }

    /** The review; when {@code overridingFreeze}, an active freeze is no blocker (an admin's override). */
    private Review review(ChangeRequest request, Person person, ConfigSnapshot head, boolean overridingFreeze) {
        ChangeRequest.About about = request.about();
        Schema schema = head.application(about.app()).map(Application::schema).orElse(Schema.EMPTY);
        List<String> owners = schema.owners();
        Proposal proposal = request.proposal();
        boolean open = request.isOpen();
        Set<SettingKey> conflicts = open ? conflicts(request, head) : Set.of();
        Settings before = open ? head.settings(about.app(), about.target()) : beforeMerge(request);
        Map<SettingKey, String> plainSet = new TreeMap<>();
        List<Review.Row> rows = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        for (SettingKey key : proposal.keys()) {
            KeySpec spec = schema.spec(key);
            String current = before.values().get(key);
            String proposed = proposal.set().get(key);
            String problem = null;
            if (proposed != null) {
                try {
                    plainSet.put(key, secrets.open(about.app(), about.target(), key, proposed));
                } catch (SecretException e) {
                    problem = e.getMessage();
                }
            }
            boolean secret = Secrecy.masks(spec, current, proposed);
            KeyChange.Kind kind = proposed == null ? KeyChange.Kind.REMOVED : current == null ? KeyChange.Kind.ADDED
                    : KeyChange.Kind.CHANGED;
            rows.add(new Review.Row(key.value(), kind, Secrecy.shown(secret, current), Secrecy.shown(secret, proposed),
                    spec.type().name().toLowerCase(java.util.Locale.ROOT), secret, problem, conflicts.contains(key),
                    Secrecy.shown(secret, spec.defaultValue())));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        schema.validateChange(plainSet, proposal.unset()).forEach(p -> problems.putIfAbsent(p.subject(), p.message()));
        rows.replaceAll(row -> row.problem() == null && problems.containsKey(row.key())
                ? new Review.Row(row.key(), row.kind(), row.current(), row.proposed(), row.type(), row.secret(),
                problems.get(row.key()), row.conflict(), row.defaultValue()) : row);

        int required = required(head, about.target());
        List<ChangeRequestEvent> approvals = request.approvals();
        if (!open) {
            blockers.add("It is " + request.state().word() + ".");
        } else {
            if (approvals.size() < required) {
                blockers.add("It needs " + required + " approval" + (required == 1 ? "" : "s") + " from "
                        + Person.needed(Role.Kind.APPROVER, about.target().value(), owners)
                        + " other than its author; it has " + approvals.size() + " of " + required + ".");
            }
            String ownerApproval = ownerApprovalMissing(head, about, owners, approvals);
            if (ownerApproval != null) {
                blockers.add(ownerApproval);
            }
            if (!conflicts.isEmpty()) {
                blockers.add(joined(conflicts) + (conflicts.size() == 1 ? " has" : " have") + " changed in " + about.target()
                        + " since it was proposed: refresh it.");
            }
            rows.stream().filter(row -> row.problem() != null)
                    .forEach(row -> blockers.add(row.key() + ": " + row.problem() + "."));
        }
        MergeGates.Verdict gate = open ? gates.check(request, head) : new MergeGates.Verdict(null, null, null, null);
        if (gate.soak() != null) {
            blockers.add(gate.soak());
        }
        // an override lifts the freeze only; every other rule still holds
        boolean frozenOnly = gate.freeze() != null && blockers.isEmpty();
        if (gate.freeze() != null && !overridingFreeze) {
            blockers.add(gate.freeze());
        }
        // an admin overriding a freeze merges without a role in the target: admins could lift the freeze anyway
        boolean mayMergeHere = mayReview(person, about.target(), owners) || (overridingFreeze && person.isAdmin());
        String mayMerge = !open ? "It is " + request.state().word() + "."
                : !mayMergeHere ? "Merging into " + about.target()
                + " needs the role " + Person.needed(Role.Kind.EDITOR, about.target().value(), owners) + ", or "
                + Person.needed(Role.Kind.APPROVER, about.target().value(), owners) + "."
                : blockers.isEmpty() ? null : String.join(" ", blockers);
        String mayApprove = approveRefusal(request, person, owners);
        if (mayApprove == null && request.approvedBy(person.username())) {
            // approving again would change nothing, so it is not offered
            mayApprove = "You have approved it already.";
        }
        var may = new Review.Permissions(mayApprove, mayMerge,
                changeRefusal(request, person, "refresh", !open, owners),
                changeRefusal(request, person, "close", !open, owners),
                request.state() == ChangeRequest.State.CLOSED ? changeRefusal(request, person, "reopen", false, owners)
                        : "Only a closed change request can be reopened.",
                gate.freeze() == null ? "It is not frozen." : !person.isAdmin() ? "Only an admin may merge into a frozen environment."
                        : frozenOnly ? null : "The freeze is not all that holds it: " + String.join(" ", blockers));
        return new Review(request.id(), about.kind(), request.state(), about.app().value(),
                about.source() == null ? null : about.source().value(), about.target().value(), about.title(),
                about.description(), person(request.author()), request.opened(), proposal.base(), about.revertOf(),
                request.mergedRevision(), rows, approvals.stream().map(ChangeRequestService::event).toList(), required,
                request.events().stream().map(ChangeRequestService::event).toList(),
                conflicts.stream().map(SettingKey::value).sorted().toList(), blockers, may, gate.freeze(), gate.soakUntil(),
                gate.note() == null ? List.of() : List.of(gate.note()));
    }

    /** Keys the proposal touches whose value in the target changed since the proposal's base. */
    private Set<SettingKey> conflicts(ChangeRequest request, ConfigSnapshot head) {
        Proposal proposal = request.proposal();
        if (proposal.base().equals(head.revision())) {
            return Set.of();
        }
        Set<SettingKey> keys = proposal.keys();
        return history.diff(proposal.base(), head.revision(), request.about().app(), request.about().target()).stream()
                .map(KeyChange::key).filter(keys::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the target held when the proposal was computed: a merged or closed request is shown as proposed. */
    private Settings beforeMerge(ChangeRequest request) {
        return store.snapshot(request.proposal().base()).settings(request.about().app(), request.about().target());
    }

    /**
     * What is missing when the target requires an owner's approval and none of {@code approvals} is
     * by a member of an owning team (as known now), or null. An application without owners needs
     * none, as a file without code owners in CODEOWNERS.
     */
    private String ownerApprovalMissing(ConfigSnapshot head, ChangeRequest.About about, List<String> owners,
                                        List<ChangeRequestEvent> approvals) {
        boolean required = head.pipeline().policy(about.target()).map(EnvironmentPolicy::requireOwnerApproval).orElse(false);
        if (!required || owners.isEmpty()
                || approvals.stream().anyMatch(approval -> accounts.teamsOf(approval.actor().username()).stream()
                .anyMatch(owners::contains))) {
            return null;
        }
        return about.target() + " requires an approval from a member of " + (owners.size() == 1 ? "" : "one of ")
                + String.join(", ", owners) + ", the owner" + (owners.size() == 1 ? "" : "s") + " of " + about.app()
                + "; it has none.";
    }

    private static List<String> owners(ConfigSnapshot head, AppName app) {
        return head.application(app).map(a -> a.schema().owners()).orElse(List.of());
    }

    private static String approveRefusal(ChangeRequest request, Person person, List<String> owners) {
        EnvName target = request.about().target();
        if (!request.isOpen()) {
            return "Change request " + request.id() + " is " + request.state().word() + "; only open ones can be approved.";
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

    private static String changeRefusal(ChangeRequest request, Person person, String action, boolean notOpen,
                                        List<String> owners) {
        if (notOpen) {
            return "It is " + request.state().word() + ".";
        }
        EnvName target = request.about().target();
        boolean allowed = request.author().username().equals(person.username()) || mayReview(person, target, owners)
                || (!"refresh".equals(action) && person.isAdmin());
        return allowed ? null : "Only its author, " + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ", or "
                + Person.needed(Role.Kind.APPROVER, target.value(), owners) + " may " + action + " it.";
    }

    private static void requireMayChange(ChangeRequest request, Person person, String action, List<String> owners) {
        String refusal = changeRefusal(request, person, action, false, owners);
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
    }

    private static void requireOpen(ChangeRequest request, String action) {
        if (!request.isOpen()) {
            throw new ConflictException("Change request " + request.id() + " is " + request.state().word()
                    + "; only open ones can be " + action + ".", null);
        }
    }

    /** Why the signed-in person may not merge into {@code target} (nor complete or abort a rollout there), or null. */
    public String mergeRefusal(AppName app, EnvName target) {
        List<String> owners = owners(store.snapshot(), app);
        return mayReview(currentUser.require(), target, owners) ? null : "Merging into " + target + " needs the role "
                + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ", or "
                + Person.needed(Role.Kind.APPROVER, target.value(), owners) + ".";
    }

    private static boolean mayReview(Person person, EnvName target, List<String> owners) {
        return person.canEdit(target.value(), owners) || person.canApprove(target.value(), owners);
    }

    /** Why the signed-in person may not open change requests of {@code app} into {@code target}, or null when they may. */
    public String openRefusal(AppName app, EnvName target) {
        Person person = currentUser.require();
        return mayOpen(person, target, owners(store.snapshot(), app));
    }

    private static String mayOpen(Person person, EnvName target, List<String> owners) {
        return person.canEdit(target.value(), owners) ? null
                : "Proposing changes to " + target + " needs the role "
                + Person.needed(Role.Kind.EDITOR, target.value(), owners) + ".";
    }

    private static void requireMayOpen(Person person, EnvName target, List<String> owners) {
        String refusal = mayOpen(person, target, owners);
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
    }

    /** Whether {@code person} could approve it now and has not. */
    private static boolean waitingFor(ChangeRequest request, Person person, List<String> owners) {
        return approveRefusal(request, person, owners) == null && !request.approvedBy(person.username());
    }

    // --- proposals

    /** The environment a promotion into {@code target} comes from: the one before it. */
    private static EnvName source(ConfigSnapshot head, EnvName target, EnvName asked) {
        requireEnvironment(head, target);
        EnvName previous = head.pipeline().previous(target).orElseThrow(() -> new ValidationException("target",
                target + " is the first environment of the pipeline " + head.pipeline().names()
                        + "; nothing is promoted into it"));
        if (asked != null && !asked.equals(previous)) {
            throw new ValidationException("source", "promotions into " + target + " come from " + previous
                    + ", the environment before it in the pipeline, not from " + asked);
        }
        return previous;
    }

    /**
     * The promotion's proposal on {@code head}: the chosen keys (or every differing one) brought
     * over. When {@code strict}, a chosen key that does not differ is refused; otherwise (a refresh)
     * it is left out, since it has arrived by other means.
     */
    private Proposal promotion(ConfigSnapshot head, ChangeRequest.About about, Schema schema, boolean strict) {
        AppName app = about.app();
        Settings from = opened(head, app, about.source(), schema);
        Settings to = opened(head, app, about.target(), schema);
        Set<SettingKey> differing = differing(schema, from, to);
        Set<SettingKey> chosen;
        if (about.selection() == null) {
            chosen = differing.stream().filter(key -> !schema.spec(key).envSpecific())
                    .collect(Collectors.toCollection(TreeSet::new));
        } else if (!strict) {
            chosen = about.selection().stream().filter(differing::contains).collect(Collectors.toCollection(TreeSet::new));
        } else {
            List<Problem> problems = about.selection().stream().filter(key -> !differing.contains(key))
                    .map(key -> new Problem(key.value(), key + " has the same value in " + about.source() + " and "
                            + about.target() + "; there is nothing to promote"))
                    .toList();
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            chosen = about.selection();
        }
        if (chosen.isEmpty()) {
            throw new ValidationException("keys", "nothing to promote: " + about.target() + " already has the values of "
                    + about.source() + (about.selection() == null ? " (keys marked envSpecific are left out unless chosen)" : ""));
        }
        TreeMap<SettingKey, String> set = new TreeMap<>();
        TreeSet<SettingKey> unset = new TreeSet<>();
        for (SettingKey key : chosen) {
            String value = from.values().get(key);
            if (value != null) {
                set.put(key, value);
            } else {
                unset.add(key);
            }
        }
        List<Problem> problems = new ArrayList<>(schema.validateChange(set, unset));
        problems.addAll(head.resolution(app, about.target()).overrideProblems(set.keySet()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Proposal(head.revision(), secrets.seal(app, about.target(), schema, set), unset);
    }

    /**
     * Keys whose value an application gets differs between the two environments (defaults
     * applied, secrets compared opened), {@code envSpecific} ones included.
     */
    private static SortedSet<SettingKey> differing(Schema schema, Settings from, Settings to) {
        Settings a = schema.effective(from);
        Settings b = schema.effective(to);
        TreeSet<SettingKey> keys = new TreeSet<>();
        KeyChange.between(b, a).forEach(change -> keys.add(change.key()));
        return keys;
    }

    /** {@code proposal} without the keys whose target value already is what it proposes. */
    private Proposal withoutNoOps(ConfigSnapshot head, AppName app, EnvName target, Schema schema, Proposal proposal) {
        Settings current = opened(head, app, target, schema);
        TreeMap<SettingKey, String> set = new TreeMap<>();
        proposal.set().forEach((key, stored) -> {
            String plain = secrets.open(app, target, key, stored);
            if (!plain.equals(current.values().get(key))) {
                set.put(key, stored);
            }
        });
        TreeSet<SettingKey> unset = new TreeSet<>(proposal.unset());
        unset.removeIf(key -> !current.values().containsKey(key));
        if (set.isEmpty() && unset.isEmpty()) {
            throw new ValidationException("changes", target + " already has these values; there is nothing to change");
        }
        return new Proposal(proposal.base(), set, unset);
    }

    private Settings opened(ConfigSnapshot head, AppName app, EnvName env, Schema schema) {
        head.error(app, env).ifPresent(error -> {
            throw new ValidationException(env.value(), "the settings of " + app + " in " + env
                    + " cannot be read (" + error.message() + "); repair the file through Git first");
        });
        return secrets.openAll(app, env, schema, head.settings(app, env));
    }

    private static Application application(ConfigSnapshot head, AppName app) {
        return head.application(app).orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
    }

    private static void requireEnvironment(ConfigSnapshot head, EnvName env) {
        if (!head.pipeline().contains(env)) {
            throw new NotFoundException("There is no environment " + env + "; the pipeline is " + head.pipeline().names() + ".");
        }
    }

    private static int required(ConfigSnapshot head, EnvName env) {
        return head.pipeline().policy(env).map(EnvironmentPolicy::requiredApprovals).orElse(0);
    }

    private static String mergeMessage(ChangeRequest request, Person merger, String freezeOverride) {
        StringBuilder message = new StringBuilder(request.about().title());
        if (!request.about().description().isBlank()) {
            message.append("\n\n").append(request.about().description().strip());
        }
        message.append("\n\nChange-Request: ").append(request.id());
        for (ChangeRequestEvent approval : request.approvals()) {
            message.append("\nApproved-by: ").append(approval.actor().author());
        }
        message.append("\nMerged-by: ").append(merger.name()).append(" <").append(merger.email()).append('>');
        if (freezeOverride != null) {
            message.append("\nFreeze-Overridden: ").append(freezeOverride);
        }
        return message.toString();
    }

    // --- presentation

    private static String joined(Set<SettingKey> keys) {
        return keys.stream().map(SettingKey::value).collect(Collectors.joining(", "));
    }

    static Actor actor(Person person) {
        return new Actor(person.username(), new Author(person.name(), person.email()));
    }

    private static Review.Participant person(Actor actor) {
        return new Review.Participant(actor.username(), actor.name(), actor.author().email());
    }

    private static Review.Event event(ChangeRequestEvent event) {
        return new Review.Event(event.type(), person(event.actor()), event.time(), event.text(), event.revision());
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
    public record Summary(long id, ChangeRequest.Kind kind, ChangeRequest.State state, String app, String source,
                          String target, String title, Review.Participant author, java.time.Instant opened,
                          java.time.Instant updated, int keys, int approvals, int requiredApprovals) {

        static Summary of(ChangeRequest request, int required) {
            ChangeRequest.About about = request.about();
            return new Summary(request.id(), about.kind(), request.state(), about.app().value(),
                    about.source() == null ? null : about.source().value(), about.target().value(), about.title(),
                    person(request.author()), request.opened(), request.updated(), request.proposal().keys().size(),
                    request.approvals().size(), required);
        }
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
        public record Key(SettingKey key, String source, String target, boolean envSpecific, boolean secret,
                          boolean chosen, String defaultValue) {
        }
    }
}
