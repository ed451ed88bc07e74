package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.security.CurrentUser;
import dev.strata.secrets.Secrets;
import dev.strata.security.Person;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
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

    /** What a secret value looks like to someone who may not see it. */
    public static final String MASK = "••••••";

    private final ConfigStore store;
    private final CurrentUser currentUser;
    private final Secrets secrets;

    SettingsService(ConfigStore store, CurrentUser currentUser, Secrets secrets) {
        this.store = store;
        this.currentUser = currentUser;
        this.secrets = secrets;
    }

    /**
     * The settings as written in the environment's file at the head revision, secrets masked
     * unless {@code reveal} is asked for by someone who may edit the environment (then logged).
     */
    public EnvironmentSettings read(AppName app, EnvName env, boolean reveal) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Application application = existing(snapshot, app, env);
        if (reveal && !person.canEdit(env.value())) {
            throw new AccessDeniedException("Revealing secrets of " + env + " needs the role editor:" + env + ".");
        }
        if (reveal) {
            log.info("access: {} revealed the secrets of {} in {}", person.username(), app, env);
        }
        Settings settings = snapshot.settings(app, env);
        Map<String, String> values = new LinkedHashMap<>();
        settings.values().forEach((key, value) -> {
            boolean secret = application.schema().spec(key).secret();
            values.put(key.value(), !secret ? value : reveal ? secrets.open(app, env, key, value) : MASK);
        });
        return new EnvironmentSettings(snapshot.revision(), values,
                snapshot.error(app, env).map(e -> e.message()).orElse(null));
    }

    /**
     * Commits a change as the signed-in person.
     *
     * @throws AccessDeniedException when the environment is protected or the person is no editor of it
     */
    public CommitResult change(AppName app, EnvName env, Revision base, String message,
                               SortedMap<SettingKey, String> set, SortedSet<SettingKey> unset) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        existing(snapshot, app, env);
        EnvironmentPolicy policy = snapshot.pipeline().policy(env).orElseThrow();
        if (!person.canEdit(env.value())) {
            throw new AccessDeniedException("Changing " + env + " needs the role editor:" + env + ".");
        }
        if (policy.isProtected()) {
            throw new AccessDeniedException(env + " is protected: changes reach it only through change requests.");
        }
        // Types are checked on the plaintext: once sealed, a secret's type can no longer be seen
        Schema schema = snapshot.application(app).orElseThrow().schema();
        List<Problem> problems = schema.validateChange(set, unset);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var author = new Author(person.name(), person.email());
        return store.commit(new ChangeSet(app, env, secrets.seal(app, env, schema, set), unset, message, author, base));
    }

    /** The schema of an existing application, for the typed reading of submitted values. */
    public Schema schema(AppName app) {
        currentUser.require();
        return store.snapshot().application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + ".")).schema();
    }

    private static Application existing(ConfigSnapshot snapshot, AppName app, EnvName env) {
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
     */
    public record EnvironmentSettings(Revision revision, Map<String, String> settings, String error) {
    }
}
