package dev.strata.editing;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.Includes;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.secrets.Secrets;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Editing the schema of an existing application. A key newly marked secret has its current values
 * sealed in every environment in the same commit as the schema, so that no commit holds the new
 * schema next to a plaintext secret. A secret key is never unmarked: that would write its values
 * into Git in plaintext.
 */
@Service
public class SchemaService {

    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentUser currentUser;
    private final Secrets secrets;

    SchemaService(ConfigStore store, ConfigHistory history, CurrentUser currentUser, Secrets secrets) {
        this.store = store;
        this.history = history;
        this.currentUser = currentUser;
        this.secrets = secrets;
    }

    /**
     * What someone marking {@code keys} of {@code app} secret must know: plaintext committed before
     * stays in the Git history. Null when no commit ever held a plaintext value of any of them, as
     * for a key that is new with the change that marks it.
     */
    public String historyWarning(AppName app, Set<SettingKey> keys) {
        currentUser.require();
        TreeSet<SettingKey> leaked = new TreeSet<>();
        for (SettingKey key : keys) {
            if (plaintextInHistory(app, key)) {
                leaked.add(key);
            }
        }
        return leaked.isEmpty() ? null : historyWarning(leaked);
    }

    /**
     * Whether some commit held a plaintext value of {@code key} in {@code app}: walks only the
     * commits that changed that key, newest first, and stops at the first plaintext.
     */
    private boolean plaintextInHistory(AppName app, SettingKey key) {
        HistoryQuery query = HistoryQuery.ofKey(app, null, key, HistoryQuery.MAX_LIMIT);
        while (query != null) {
            HistoryPage page = history.history(query);
            boolean found = page.entries().stream()
                    .flatMap(entry -> entry.changes().stream())
                    .filter(change -> change.appEnv().app().equals(app)
                            && change.change().key().equals(key))
                    .anyMatch(change -> isPlaintext(change.change().before())
                            || isPlaintext(change.change().after()));
            if (found) {
                return true;
            }
            query = page.nextCursor() == null || page.entries().isEmpty() ? null : query.after(page.nextCursor());
        }
        return false;
    }

    private static boolean isPlaintext(String value) {
        return value != null && !Secrecy.isSealed(value);
    }

    private static String historyWarning(Set<SettingKey> keys) {
        return "Earlier values of "
                + String.join(", ", keys.stream().map(SettingKey::value).toList())
                + " remain in plaintext in the Git history of config.git and in every clone of it: treat them as leaked"
                + " and rotate the credentials themselves (a new password or API key). To purge the history, rewrite it"
                + " outside Strata: stop Strata, run git filter-repo --replace-text on a clone, force-push main back into"
                + " config.git, and have everyone re-clone.";
    }

    /** Whether the signed-in person may edit the schema of {@code app}. */
    public boolean mayEdit(AppName app) {
        return currentUser.get().isPresent() && editRefusal(app) == null;
    }

    /**
     * Why the signed-in person may not edit the schema of {@code app}, or null when they may: admins
     * and the editors of one of its owning teams may. An application that does not exist is left to
     * {@link #save}, for admins.
     */
    public String editRefusal(AppName app) {
        Person person = currentUser.require();
        List<String> owners =
                store.snapshot().application(app).map(a -> a.schema().owners()).orElse(List.of());
        return person.canEditSchema(owners)
                ? null
                : owners.isEmpty()
                        ? "Only admins edit the schema of " + app + ", which has no owners."
                        : "Only admins and the editors of its owners (" + String.join(", ", owners)
                                + ", such as editor:*@" + owners.getFirst() + ") edit the schema of " + app + ".";
    }

    /** Whether the signed-in person may make an application a shared set or the reverse: admins only. */
    public boolean mayChangeShared() {
        return currentUser.require().isAdmin();
    }

    /** The shared sets at the head an application may include, sorted by name. */
    public List<AppName> sharedSets() {
        currentUser.require();
        return store.snapshot().applications().values().stream()
                .filter(a -> a.schema().shared())
                .map(Application::name)
                .toList();
    }

    /** The schema of an application at the head, with the revision an edit of it is based on. */
    public SchemaAt schema(AppName app) {
        currentUser.require();
        ConfigSnapshot head = store.snapshot();
        return new SchemaAt(head.revision(), existing(head, app).schema());
    }

    /**
     * Replaces the schema of {@code app} as the signed-in admin or editor of an owning team, sealing
     * the values of keys it newly marks secret in the same commit. An owning team's editor may change
     * the owners but not leave it with none.
     *
     * @param base    the revision the edit was based on
     * @param message why, or blank for a message that says what changed
     * @throws AccessDeniedException when the person is neither admin nor editor of an owning team
     * @throws ConflictException     when the schema changed since {@code base}, or a file it seals changed meanwhile
     * @throws ValidationException   when it unmarks a secret, gives a secret a default, a value to seal does not
     *                               fit, or an owner removes the last owner
     */
    public SchemaSaved save(AppName app, Schema schema, Revision base, String message) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema current = existing(head, app).schema();
        if (!person.canEditSchema(current.owners())) {
            throw new AccessDeniedException(editRefusal(app));
        }
        if (!person.isAdmin() && schema.shared() != current.shared()) {
            // a shared set reaches every application that includes it: making one is an admin's decision, as creating
            // one
            throw new AccessDeniedException("Only admins make an application a shared set or the reverse.");
        }
        if (!person.isAdmin() && !current.owners().isEmpty() && schema.owners().isEmpty()) {
            // else the team would lock itself (and every other team) out of its own application
            throw new ValidationException(
                    "owners",
                    "an application owned by a team keeps at least one owner: " + app
                            + " would have none. Name the team that takes it over, or ask an admin");
        }
        if (!base.equals(head.revision())
                && !store.snapshot(base)
                        .application(app)
                        .map(Application::schema)
                        .equals(Optional.of(current))) {
            throw new ConflictException(
                    "someone else changed the schema of " + app
                            + " since your base revision; reload it and apply your change again",
                    head.revision());
        }
        return write(person, head, app, current, schema, Map.of(), message);
    }

    /**
     * Marks {@code keys} secret and commits a change to {@code env} in the same commit: the
     * "Mark secret and save" of a credential warning. Open to the editor making the change, since
     * marking a key secret hides values and never reveals one.
     *
     * @throws AccessDeniedException when the person may not commit to {@code env}
     * @throws ConflictException     when a key of the change changed since {@code base}
     */
    public SchemaSaved markSecretAndChange(
            AppName app,
            EnvName env,
            Revision base,
            String message,
            SortedMap<SettingKey, String> set,
            SortedSet<SettingKey> unset,
            Set<SettingKey> keys) {
        Person person = currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Schema current = existing(head, app).schema();
        EnvironmentPolicy policy = head.pipeline()
                .policy(env)
                .orElseThrow(() -> new NotFoundException("There is no environment " + env + "."));
        if (!person.canEdit(env.value(), current.owners())) {
            throw new AccessDeniedException("Changing " + env + " needs the role "
                    + Person.needed(Role.Kind.EDITOR, env.value(), current.owners()) + ".");
        }
        if (policy.isProtected()) {
            throw new AccessDeniedException(env + " is protected: changes reach it only through change requests.");
        }
        Settings now = head.settings(app, env);
        if (!base.equals(head.revision())) {
            List<KeyConflict> conflicts = new ArrayList<>();
            for (KeyChange change : KeyChange.between(store.snapshot(base).settings(app, env), now)) {
                if (set.containsKey(change.key()) || unset.contains(change.key())) {
                    conflicts.add(
                            new KeyConflict(change.key(), change.before(), change.after(), set.get(change.key())));
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ConflictException(new AppEnv(app, env), head.revision(), conflicts);
            }
        }
        TreeMap<SettingKey, KeySpec> specs = new TreeMap<>(current.keys());
        for (SettingKey key : keys) {
            KeySpec spec = current.spec(key);
            specs.put(
                    key,
                    new KeySpec(
                            spec.type(),
                            spec.defaultValue(),
                            spec.required(),
                            true,
                            spec.envSpecific(),
                            spec.description(),
                            spec.values()));
        }
        Schema next = current.with(current.description(), current.owners(), specs);
        List<Problem> problems = current.validateChange(set, unset);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        // the change's own values are sealed by the new schema, like any commit's
        return write(
                person,
                head,
                app,
                current,
                next,
                Map.of(env, now.with(secrets.seal(app, env, next, set), unset)),
                message);
    }

    /**
     * Commits {@code next} with the values of newly secret keys sealed in every environment;
     * {@code changed} holds settings that replace what the head has (a change made with it).
     */
    private SchemaSaved write(
            Person person,
            ConfigSnapshot head,
            AppName app,
            Schema current,
            Schema next,
            Map<EnvName, Settings> changed,
            String message) {
        List<Problem> problems = new ArrayList<>(Includes.problems(app, next, head.applications()));
        TreeSet<SettingKey> newlySecret = new TreeSet<>();
        next.keys().forEach((key, spec) -> {
            if (spec.secret() && spec.defaultValue() != null) {
                problems.add(
                        new Problem(key.value(), "a secret key cannot have a default: the schema is not encrypted"));
            }
            if (spec.secret() && !current.spec(key).secret()) {
                newlySecret.add(key);
            }
        });
        current.keys().forEach((key, spec) -> {
            if (spec.secret() && next.keys().containsKey(key) && !next.spec(key).secret()) {
                problems.add(new Problem(
                        key.value(),
                        "a secret key stays secret: unmarking it would write its values"
                                + " into Git in plaintext. Add a new key under another name if it must not be secret"));
            }
        });
        Map<AppEnv, Settings> files = new TreeMap<>();
        int sealed = 0;
        for (EnvName env : head.pipeline().names()) {
            Settings settings = changed.getOrDefault(env, head.settings(app, env));
            TreeMap<SettingKey, String> toSeal = new TreeMap<>();
            for (SettingKey key : newlySecret) {
                settings.get(key).filter(value -> !Secrecy.isSealed(value)).ifPresent(value -> {
                    String problem = next.spec(key).problem(value);
                    if (problem != null) {
                        problems.add(new Problem(key.value(), "in " + env + ": " + problem));
                    }
                    toSeal.put(key, value);
                });
            }
            if (!newlySecret.isEmpty() && head.error(app, env).isPresent()) {
                problems.add(new Problem(
                        env.value(),
                        "the settings file of " + app + " in " + env
                                + " cannot be read, so its values cannot be sealed; repair it through Git first"));
            }
            sealed += toSeal.size();
            if (!toSeal.isEmpty() || changed.containsKey(env)) {
                files.put(new AppEnv(app, env), settings.with(secrets.seal(app, env, next, toSeal), Set.of()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        String marked =
                String.join(", ", newlySecret.stream().map(SettingKey::value).toList());
        String why;
        if (message == null || message.isBlank()) {
            why = "Edit the schema of " + app + (newlySecret.isEmpty() ? "" : ": mark " + marked + " secret");
        } else {
            // the log of a commit that seals values says so, whatever its author wrote
            why = message.strip()
                    + (newlySecret.isEmpty() ? "" : "\n\nMarks " + marked + " secret and seals its values.");
        }
        // asked before the commit, which holds only sealed values of keys that had none in plaintext
        String warning = historyWarning(app, newlySecret);
        Revision revision = store.replace(
                Map.of(app, next), files, new Author(person.name(), person.email()), why, head.revision());
        return new SchemaSaved(
                revision, newlySecret.stream().map(SettingKey::value).toList(), sealed, warning);
    }

    private static Application existing(ConfigSnapshot snapshot, AppName app) {
        return snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
    }

    /**
     * A schema as read.
     *
     * @param revision the revision to base an edit on
     * @param schema   the schema
     */
    public record SchemaAt(Revision revision, Schema schema) {}

    /**
     * What saving a schema did.
     *
     * @param revision    the new head
     * @param markedSecret keys that became secret
     * @param sealed      values sealed in the same commit, over all environments
     * @param warning     what to do about their plaintext in the history, or null when none of them had any
     */
    public record SchemaSaved(Revision revision, List<String> markedSecret, int sealed, String warning) {}
}
