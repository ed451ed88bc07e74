package dev.strata.changes;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Proposal;
import dev.strata.config.Reversal;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.secrets.Secrets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a change request proposes, computed on the main branch: the keys a promotion brings over
 * from the environment before its target, and an edit's or revert's changes without those the
 * target already has. Values are compared opened and proposed sealed.
 */
final class Proposals {

    private final Secrets secrets;
    private final ConfigHistory history;

    Proposals(Secrets secrets, ConfigHistory history) {
        this.secrets = secrets;
        this.history = history;
    }

    /**
     * What a promotion from {@code source} into {@code target} would bring over now: every key
     * whose value differs, secret values masked, the ones chosen by default marked.
     */
    List<ChangeRequestService.PromotionPreview.Key> preview(
            ConfigSnapshot head, AppName app, EnvName source, EnvName target, Schema schema) {
        Settings from = opened(head, app, source, schema);
        Settings to = opened(head, app, target, schema);
        List<ChangeRequestService.PromotionPreview.Key> keys = new ArrayList<>();
        for (SettingKey key : differing(schema, from, to)) {
            KeySpec spec = schema.spec(key);
            keys.add(new ChangeRequestService.PromotionPreview.Key(
                    key,
                    Secrecy.shown(spec, from.values().get(key)),
                    Secrecy.shown(spec, to.values().get(key)),
                    spec.envSpecific(),
                    spec.secret(),
                    !spec.envSpecific(),
                    Secrecy.shown(spec, spec.defaultValue())));
        }
        return keys;
    }

    /** An edit's proposal on {@code head}: checked against the schema and shared sets, sealed, no-ops left out. */
    Proposal edit(
            ConfigSnapshot head,
            AppName app,
            EnvName target,
            Schema schema,
            SortedMap<SettingKey, String> set,
            SortedSet<SettingKey> unset) {
        List<Problem> problems = new ArrayList<>(schema.validateChange(set, unset));
        problems.addAll(head.resolution(app, target).overrideProblems(set.keySet()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return withoutNoOps(
                head,
                app,
                target,
                schema,
                new Proposal(head.revision(), secrets.seal(app, target, schema, set), unset));
    }

    /**
     * What undoing {@code revision} proposes on {@code head}: the values before it (no-ops still in,
     * for {@link #withoutNoOps} once the change request is described).
     *
     * @throws ConflictException when a key it would restore changed again since
     */
    Proposal revert(ConfigSnapshot head, Revision revision, Reversal reversal) {
        AppName app = reversal.target().app();
        EnvName target = reversal.target().env();
        Set<SettingKey> touched = new HashSet<>(reversal.set().keySet());
        touched.addAll(reversal.unset());
        List<KeyConflict> conflicts = history.diff(revision, head.revision(), app, target).stream()
                .filter(change -> touched.contains(change.key()))
                .map(change -> new KeyConflict(
                        change.key(),
                        change.before(),
                        change.after(),
                        reversal.set().get(change.key())))
                .toList();
        if (!conflicts.isEmpty()) {
            throw new ConflictException(reversal.target(), head.revision(), conflicts);
        }
        return new Proposal(head.revision(), reversal.set(), reversal.unset());
    }

    /** The environment a promotion into {@code target} comes from: the one before it. */
    static EnvName source(ConfigSnapshot head, EnvName target, EnvName asked) {
        requireEnvironment(head, target);
        EnvName previous = head.pipeline()
                .previous(target)
                .orElseThrow(() -> new ValidationException(
                        "target",
                        target + " is the first environment of the pipeline "
                                + head.pipeline().names() + "; nothing is promoted into it"));
        if (asked != null && !asked.equals(previous)) {
            throw new ValidationException(
                    "source",
                    "promotions into " + target + " come from " + previous
                            + ", the environment before it in the pipeline, not from " + asked);
        }
        return previous;
    }

    /**
     * The promotion's proposal on {@code head}: the chosen keys (or every differing one) brought
     * over. When {@code strict}, a chosen key that does not differ is refused; otherwise (a refresh)
     * it is left out, since it has arrived by other means.
     */
    Proposal promotion(ConfigSnapshot head, ChangeRequest.About about, Schema schema, boolean strict) {
        AppName app = about.app();
        Settings from = opened(head, app, about.source(), schema);
        Settings to = opened(head, app, about.target(), schema);
        Set<SettingKey> differing = differing(schema, from, to);
        Set<SettingKey> chosen;
        if (about.selection() == null) {
            chosen = differing.stream()
                    .filter(key -> !schema.spec(key).envSpecific())
                    .collect(Collectors.toCollection(TreeSet::new));
        } else if (!strict) {
            chosen = about.selection().stream()
                    .filter(differing::contains)
                    .collect(Collectors.toCollection(TreeSet::new));
        } else {
            List<Problem> problems = about.selection().stream()
                    .filter(key -> !differing.contains(key))
                    .map(key -> new Problem(
                            key.value(),
                            key + " has the same value in " + about.source() + " and " + about.target()
                                    + "; there is nothing to promote"))
                    .toList();
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            chosen = about.selection();
        }
        if (chosen.isEmpty()) {
            throw new ValidationException(
                    "keys",
                    "nothing to promote: " + about.target() + " already has the values of " + about.source()
                            + (about.selection() == null
                                    ? " (keys marked envSpecific are left out unless chosen)"
                                    : ""));
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
    static SortedSet<SettingKey> differing(Schema schema, Settings from, Settings to) {
        Settings a = schema.effective(from);
        Settings b = schema.effective(to);
        TreeSet<SettingKey> keys = new TreeSet<>();
        KeyChange.between(b, a).forEach(change -> keys.add(change.key()));
        return keys;
    }

    /** {@code proposal} without the keys whose target value already is what it proposes. */
    Proposal withoutNoOps(ConfigSnapshot head, AppName app, EnvName target, Schema schema, Proposal proposal) {
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

    Settings opened(ConfigSnapshot head, AppName app, EnvName env, Schema schema) {
        head.error(app, env).ifPresent(error -> {
            throw new ValidationException(
                    env.value(),
                    "the settings of " + app + " in " + env + " cannot be read (" + error.message()
                            + "); repair the file through Git first");
        });
        return secrets.openAll(app, env, schema, head.settings(app, env));
    }

    static Application application(ConfigSnapshot head, AppName app) {
        return head.application(app).orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
    }

    static void requireEnvironment(ConfigSnapshot head, EnvName env) {
        if (!head.pipeline().contains(env)) {
            throw new NotFoundException("There is no environment " + env + "; the pipeline is "
                    + head.pipeline().names() + ".");
        }
    }
}
