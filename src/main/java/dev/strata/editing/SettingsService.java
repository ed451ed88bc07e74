package dev.strata.editing;

import dev.strata.LogText;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.BlameEntry;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.HistoryEntry;
import dev.strata.config.KeySpec;
import dev.strata.config.LastChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.secrets.CredentialDetector;
import dev.strata.secrets.Secrets;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reading and committing the settings of one application in one environment. Every rule of who
 * may do what is checked here, so the HTTP API and the UI obey the same rules.
 */
@Service
public class SettingsService {

    private static final Logger log = LoggerFactory.getLogger(SettingsService.class);

    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentUser currentUser;
    private final Secrets secrets;
    private final SettingsTables tables;

    SettingsService(ConfigStore store, ConfigHistory history, CurrentUser currentUser, Secrets secrets) {
        this.store = store;
        this.history = history;
        this.currentUser = currentUser;
        this.secrets = secrets;
        this.tables = new SettingsTables(secrets);
    }

    /**
     * For each key with a value in {@code app} in {@code env}, the commit that gave it that value:
     * who, when and why, never the value. One walk of the file's history; callers keep the answer.
     */
    public Map<SettingKey, LastChange> lastChanges(AppName app, EnvName env) {
        currentUser.require();
        existing(store.snapshot(), app, env);
        var changes = new TreeMap<SettingKey, LastChange>();
        for (BlameEntry entry : history.blame(app, env)) {
            HistoryEntry commit = entry.commit();
            changes.put(
                    entry.key(),
                    new LastChange(
                            commit.revision(),
                            commit.author(),
                            commit.time(),
                            commit.message().lines().findFirst().orElse("")));
        }
        return changes;
    }

    /**
     * The settings as written in the environment's file at the head revision, secrets masked
     * unless {@code reveal} is asked for by someone who may edit the environment (then logged).
     */
    public EnvironmentSettings read(AppName app, EnvName env, boolean reveal) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Application application = existing(snapshot, app, env);
        if (reveal && !person.canEdit(env.value(), application.schema().owners())) {
            throw new AccessDeniedException(revealRefusal(env, application.schema()));
        }
        if (reveal) {
            log.info(
                    "access: {} revealed the secrets of {} in {}",
                    LogText.of(person.username()),
                    LogText.of(app),
                    LogText.of(env));
        }
        Settings settings = snapshot.settings(app, env);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        settings.values().forEach((key, value) -> {
            KeySpec spec = application.schema().spec(key);
            String problem = spec.secret()
                    ? secrets.problem(app, env, key, value)
                    : Secrecy.isSealed(value) ? spec.problem(value) : null;
            if (problem != null) {
                unreadable.put(key.value(), problem);
            }
            values.put(
                    key.value(),
                    spec.secret() && reveal && problem == null
                            ? secrets.open(app, env, key, value)
                            : Secrecy.shown(spec, value));
        });
        return new EnvironmentSettings(
                snapshot.revision(),
                values,
                snapshot.error(app, env).map(e -> e.message()).orElse(null),
                unreadable);
    }

    /**
     * The application in every environment of the pipeline at the head revision, with what the
     * signed-in person may edit. Secrets are masked; {@link #reveal} shows one to those allowed.
     */
    public SettingsTable table(AppName app) {
        return tables.table(currentUser.require(), store.snapshot(), app);
    }

    /**
     * The plaintext of one secret value at the head revision, for someone who may edit its environment.
     *
     * @throws AccessDeniedException when the person is no editor of {@code env}
     * @throws NotFoundException     when the key has no value there
     */
    public String reveal(AppName app, EnvName env, SettingKey key) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Schema schema = existing(snapshot, app, env).schema();
        if (!person.canEdit(env.value(), schema.owners())) {
            throw new AccessDeniedException(revealRefusal(env, schema));
        }
        String stored = snapshot.settings(app, env)
                .get(key)
                .orElseThrow(() -> new NotFoundException(key + " has no value in " + env + "."));
        log.info(
                "access: {} revealed {} of {} in {}",
                LogText.of(person.username()),
                LogText.of(key),
                LogText.of(app),
                LogText.of(env));
        return secrets.open(app, env, key, stored);
    }

    /** Why the signed-in person may not commit to {@code app} in {@code env} directly, or null when they may. */
    public String commitRefusal(AppName app, EnvName env) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Optional<EnvironmentPolicy> policy = snapshot.pipeline().policy(env);
        Optional<Schema> schema = snapshot.application(app).map(Application::schema);
        if (schema.isEmpty()) {
            return "There is no application " + app + ".";
        }
        return policy.isEmpty()
                ? "There is no environment " + env + "."
                : readOnlyReason(person, schema.get(), policy.get(), null);
    }

    static boolean editable(Person person, Schema schema, EnvironmentPolicy policy) {
        return person.canEdit(policy.name().value(), schema.owners()) && !policy.isProtected();
    }

    static String readOnlyReason(Person person, Schema schema, EnvironmentPolicy policy, String error) {
        EnvName env = policy.name();
        if (error != null) {
            return "The settings file of " + env + " cannot be read, so it cannot be changed here: " + error;
        }
        if (!person.canEdit(env.value(), schema.owners())) {
            return "You may read " + env + " but not change it: that needs the role "
                    + Person.needed(Role.Kind.EDITOR, env.value(), schema.owners()) + ".";
        }
        if (policy.isProtected()) {
            return env + " is protected: changes reach it only through change requests.";
        }
        return null;
    }

    private static String revealRefusal(EnvName env, Schema schema) {
        return "Revealing secrets of " + env + " needs the role "
                + Person.needed(Role.Kind.EDITOR, env.value(), schema.owners()) + ".";
    }

    /**
     * Commits a change as the signed-in person.
     *
     * @throws AccessDeniedException when the environment is protected or the person is no editor of it
     * @throws NotFoundException     when {@code base} is no commit of main
     */
    public CommitResult change(
            AppName app,
            EnvName env,
            Revision base,
            String message,
            SortedMap<SettingKey, String> set,
            SortedSet<SettingKey> unset) {
        Person person = currentUser.require();
        if (!history.onMain(base)) {
            throw ConfigHistory.notOnMain(base); // a proposal of a change request, or no commit at all
        }
        ConfigSnapshot snapshot = store.snapshot();
        Schema schema = existing(snapshot, app, env).schema();
        EnvironmentPolicy policy = snapshot.pipeline().policy(env).orElseThrow();
        checkMayChange(person, schema, env, policy.isProtected());
        // Types are checked on the plaintext: once sealed, a secret's type can no longer be seen
        List<Problem> problems = new ArrayList<>(schema.validateChange(set, unset));
        problems.addAll(snapshot.resolution(app, env).overrideProblems(set.keySet()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var author = new Author(person.name(), person.email());
        return store.commit(new ChangeSet(app, env, secrets.seal(app, env, schema, set), unset, message, author, base));
    }

    /**
     * Refuses a change to {@code env} by someone who may not commit to it, by the rule of
     * {@link #change}, before the change itself has been read: the HTTP API asks this before it
     * reads a request's body. An environment that does not exist is left to {@link #change}; an
     * application that does not exist is judged as one without owners.
     *
     * @throws AccessDeniedException when the environment is protected or the person is no editor of it
     */
    public void checkMayChange(AppName app, EnvName env) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        checkMayChange(
                person,
                snapshot.application(app).map(Application::schema).orElse(Schema.EMPTY),
                env,
                snapshot.pipeline()
                        .policy(env)
                        .map(EnvironmentPolicy::isProtected)
                        .orElse(false));
    }

    private static void checkMayChange(Person person, Schema schema, EnvName env, boolean isProtected) {
        if (!person.canEdit(env.value(), schema.owners())) {
            throw new AccessDeniedException("Changing " + env + " needs the role "
                    + Person.needed(Role.Kind.EDITOR, env.value(), schema.owners()) + ".");
        }
        if (isProtected) {
            throw new AccessDeniedException(env + " is protected: changes reach it only through change requests.");
        }
    }

    /**
     * Gives the settings file of {@code app} in {@code env} back its content from before
     * {@code revision}, a commit that left it unreadable: as a commit by the signed-in person, where
     * they may commit, or by an admin anywhere, since a file that cannot be read cannot be reviewed
     * in a change request either.
     *
     * @throws AccessDeniedException when the person is neither an admin nor may commit to {@code env}
     */
    public Revision restoreUnreadable(AppName app, EnvName env, Revision revision, String message) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Schema schema = existing(snapshot, app, env).schema();
        EnvironmentPolicy policy = snapshot.pipeline().policy(env).orElseThrow();
        if (!person.isAdmin() && !editable(person, schema, policy)) {
            throw new AccessDeniedException("Restoring the unreadable settings of " + app + " in " + env
                    + " needs the role" + " admin" + (policy.isProtected() ? "" : ", or editor:" + env) + ".");
        }
        return store.restoreSettingsFile(
                new AppEnv(app, env), revision, new Author(person.name(), person.email()), message);
    }

    /**
     * Values about to be committed that look like credentials although their keys are not marked
     * secret: they would reach Git in plaintext. Never blocks a commit; the messages never quote a value.
     */
    public List<CredentialWarning> credentialWarnings(AppName app, Map<SettingKey, String> set) {
        Schema schema = schema(app);
        List<CredentialWarning> warnings = new ArrayList<>();
        set.forEach((key, value) -> {
            String reason = schema.spec(key).secret() ? null : CredentialDetector.reason(key.value(), value);
            if (reason != null) {
                warnings.add(
                        new CredentialWarning(
                                key.value(),
                                key + " looks like a credential (" + reason
                                        + ") but is not marked secret, so its value is stored in plaintext in Git; mark it secret"));
            }
        });
        return warnings;
    }

    /**
     * A value that looks like a credential in a key not marked secret.
     *
     * @param key     the key
     * @param message why it looks like one, and what to do
     */
    public record CredentialWarning(String key, String message) {}

    /** The schema of an existing application, for the typed reading of submitted values. */
    public Schema schema(AppName app) {
        currentUser.require();
        return store.snapshot()
                .application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."))
                .schema();
    }

    static Application existing(ConfigSnapshot snapshot, AppName app, EnvName env) {
        Application application = snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
        if (!snapshot.pipeline().contains(env)) {
            throw new NotFoundException("There is no environment " + env + "; the pipeline is "
                    + snapshot.pipeline().names() + ".");
        }
        return application;
    }

    /**
     * The settings of one application in one environment at one revision.
     *
     * @param revision the revision read
     * @param settings key to value, sorted by key, secrets masked unless revealed
     * @param error    why the file could not be read (then {@code settings} is empty), or null
     * @param unreadable keys whose value cannot be used, with why: a secret that does not decrypt, a
     *                   sealed value in a key that is not secret; applications do not get them
     */
    public record EnvironmentSettings(
            Revision revision, Map<String, String> settings, String error, Map<String, String> unreadable) {}
}
