package dev.strata.changes;

import static dev.strata.changes.ReviewRules.approveRefusal;
import static dev.strata.changes.ReviewRules.changeRefusal;
import static dev.strata.changes.ReviewRules.mayReview;

import dev.strata.config.Actor;
import dev.strata.config.Application;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.KeyChange;
import dev.strata.config.KeySpec;
import dev.strata.config.Proposal;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.secrets.SecretException;
import dev.strata.secrets.Secrets;
import dev.strata.security.AccountDirectory;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the {@link Review} of a change request for one person: its rows checked against the
 * target's schema and current values, what blocks a merge (approvals, owners, conflicts, invalid
 * values and the merge gates), and what that person may do with it.
 */
final class Reviews {

    private final ConfigStore store;
    private final ConfigHistory history;
    private final Secrets secrets;
    private final AccountDirectory accounts;
    private final MergeGates gates;

    Reviews(ConfigStore store, ConfigHistory history, Secrets secrets, AccountDirectory accounts, MergeGates gates) {
        this.store = store;
        this.history = history;
        this.secrets = secrets;
        this.accounts = accounts;
        this.gates = gates;
    }

    Review review(ChangeRequest request, Person person, ConfigSnapshot head) {
        return review(request, person, head, false);
    }

    /** The review; when {@code overridingFreeze}, an active freeze is no blocker (an admin's override). */
    Review review(ChangeRequest request, Person person, ConfigSnapshot head, boolean overridingFreeze) {
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
            KeyChange.Kind kind = proposed == null
                    ? KeyChange.Kind.REMOVED
                    : current == null ? KeyChange.Kind.ADDED : KeyChange.Kind.CHANGED;
            rows.add(new Review.Row(
                    key.value(),
                    kind,
                    Secrecy.shown(secret, current),
                    Secrecy.shown(secret, proposed),
                    spec.type().name().toLowerCase(java.util.Locale.ROOT),
                    secret,
                    problem,
                    conflicts.contains(key),
                    Secrecy.shown(secret, spec.defaultValue())));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        schema.validateChange(plainSet, proposal.unset()).forEach(p -> problems.putIfAbsent(p.subject(), p.message()));
        rows.replaceAll(row -> row.problem() == null && problems.containsKey(row.key())
                ? new Review.Row(
                        row.key(),
                        row.kind(),
                        row.current(),
                        row.proposed(),
                        row.type(),
                        row.secret(),
                        problems.get(row.key()),
                        row.conflict(),
                        row.defaultValue())
                : row);

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
                blockers.add(joined(conflicts) + (conflicts.size() == 1 ? " has" : " have") + " changed in "
                        + about.target() + " since it was proposed: refresh it.");
            }
            rows.stream()
                    .filter(row -> row.problem() != null)
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
        String mayMerge = !open
                ? "It is " + request.state().word() + "."
                : !mayMergeHere
                        ? "Merging into " + about.target()
                                + " needs the role "
                                + Person.needed(Role.Kind.EDITOR, about.target().value(), owners) + ", or "
                                + Person.needed(
                                        Role.Kind.APPROVER, about.target().value(), owners) + "."
                        : blockers.isEmpty() ? null : String.join(" ", blockers);
        String mayApprove = approveRefusal(request, person, owners);
        if (mayApprove == null && request.approvedBy(person.username())) {
            // approving again would change nothing, so it is not offered
            mayApprove = "You have approved it already.";
        }
        var may = new Review.Permissions(
                mayApprove,
                mayMerge,
                changeRefusal(request, person, "refresh", !open, owners),
                changeRefusal(request, person, "close", !open, owners),
                request.state() == ChangeRequest.State.CLOSED
                        ? changeRefusal(request, person, "reopen", false, owners)
                        : "Only a closed change request can be reopened.",
                gate.freeze() == null
                        ? "It is not frozen."
                        : !person.isAdmin()
                                ? "Only an admin may merge into a frozen environment."
                                : frozenOnly
                                        ? null
                                        : "The freeze is not all that holds it: " + String.join(" ", blockers));
        return new Review(
                request.id(),
                about.kind(),
                request.state(),
                about.app().value(),
                about.source() == null ? null : about.source().value(),
                about.target().value(),
                about.title(),
                about.description(),
                participant(request.author()),
                request.opened(),
                proposal.base(),
                about.revertOf(),
                request.mergedRevision(),
                rows,
                approvals.stream().map(Reviews::event).toList(),
                required,
                request.events().stream().map(Reviews::event).toList(),
                conflicts.stream().map(SettingKey::value).sorted().toList(),
                blockers,
                may,
                gate.freeze(),
                gate.soakUntil(),
                gate.note() == null ? List.of() : List.of(gate.note()));
    }

    /** Keys the proposal touches whose value in the target changed since the proposal's base. */
    private Set<SettingKey> conflicts(ChangeRequest request, ConfigSnapshot head) {
        Proposal proposal = request.proposal();
        if (proposal.base().equals(head.revision())) {
            return Set.of();
        }
        Set<SettingKey> keys = proposal.keys();
        return history
                .diff(
                        proposal.base(),
                        head.revision(),
                        request.about().app(),
                        request.about().target())
                .stream()
                .map(KeyChange::key)
                .filter(keys::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the target held when the proposal was computed: a merged or closed request is shown as proposed. */
    private Settings beforeMerge(ChangeRequest request) {
        return store.snapshot(request.proposal().base())
                .settings(request.about().app(), request.about().target());
    }

    /**
     * What is missing when the target requires an owner's approval and none of {@code approvals} is
     * by a member of an owning team (as known now), or null. An application without owners needs
     * none, as a file without code owners in CODEOWNERS.
     */
    private String ownerApprovalMissing(
            ConfigSnapshot head, ChangeRequest.About about, List<String> owners, List<ChangeRequestEvent> approvals) {
        boolean required = head.pipeline()
                .policy(about.target())
                .map(EnvironmentPolicy::requireOwnerApproval)
                .orElse(false);
        if (!required
                || owners.isEmpty()
                || approvals.stream()
                        .anyMatch(approval -> accounts.teamsOf(approval.actor().username()).stream()
                                .anyMatch(owners::contains))) {
            return null;
        }
        return about.target() + " requires an approval from a member of " + (owners.size() == 1 ? "" : "one of ")
                + String.join(", ", owners) + ", the owner" + (owners.size() == 1 ? "" : "s") + " of " + about.app()
                + "; it has none.";
    }

    static int required(ConfigSnapshot head, EnvName env) {
        return head.pipeline()
                .policy(env)
                .map(EnvironmentPolicy::requiredApprovals)
                .orElse(0);
    }

    private static String joined(Set<SettingKey> keys) {
        return keys.stream().map(SettingKey::value).collect(Collectors.joining(", "));
    }

    static Review.Participant participant(Actor actor) {
        return new Review.Participant(
                actor.username(), actor.name(), actor.author().email());
    }

    private static Review.Event event(ChangeRequestEvent event) {
        return new Review.Event(event.type(), participant(event.actor()), event.time(), event.text(), event.revision());
    }
}
