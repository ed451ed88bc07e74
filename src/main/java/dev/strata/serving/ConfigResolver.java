package dev.strata.serving;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.InvalidNameException;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.StoreException;
import dev.strata.secrets.Secrets;
import dev.strata.security.ApiToken;
import dev.strata.security.CurrentToken;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Resolves the configuration an application gets, after checking the token's scope first, so that
 * a token learns nothing about applications and environments beyond its scope.
 */
@Service
class ConfigResolver {

    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentToken currentToken;
    private final Secrets secrets;

    ConfigResolver(ConfigStore store, ConfigHistory history, CurrentToken currentToken, Secrets secrets) {
        this.store = store;
        this.history = history;
        this.currentToken = currentToken;
        this.secrets = secrets;
    }

    /** Refuses unless the current token may fetch {@code app} in {@code env}. */
    void checkScope(String app, String env) {
        ApiToken token = currentToken.require();
        if (!token.covers(app, env, owners(app))) {
            throw new AccessDeniedException("This token may not fetch " + app + " in " + env + ".");
        }
    }

    /** Refuses unless the current token may fetch {@code app} in at least one environment. */
    void checkScope(String app) {
        ApiToken token = currentToken.require();
        if (!token.coversApplication(app, owners(app))) {
            throw new AccessDeniedException("This token may not fetch " + app + ".");
        }
    }

    /** The owners of {@code app}, which team scopes reach; none when there is no such application, or its name is bad. */
    private List<String> owners(String app) {
        AppName name;
        try {
            name = new AppName(app);
        } catch (InvalidNameException e) {
            return List.of();
        }
        return store.snapshot().application(name).map(a -> a.schema().owners()).orElse(List.of());
    }

    Revision head() {
        return store.head();
    }

    /**
     * The past state a client names by its commit id: only a commit of main, never the proposal of a
     * change request or anything else the repository holds.
     *
     * @throws NotFoundException when main has no such commit, in the words used for an unknown one
     */
    Revision past(String id) {
        Revision revision = new Revision(id);
        if (!history.onMain(revision)) {
            throw ConfigHistory.notOnMain(revision);
        }
        return revision;
    }

    boolean onMain(Revision revision) {
        return history.onMain(revision);
    }

    /** Refuses unless {@code app} exists at {@code revision}; the scope must have been checked. */
    void checkExists(String app, Revision revision) {
        if (store.snapshot(revision).application(new AppName(app)).isEmpty()) {
            throw new NotFoundException("There is no application " + app + " at " + revision.abbreviated() + ".");
        }
    }

    /** The configuration of {@code app} in {@code env} at {@code revision}; the scope must have been checked. */
    ResolvedConfig resolve(String app, String env, Revision revision) {
        ConfigSnapshot snapshot = store.snapshot(revision);
        AppName appName = new AppName(app);
        EnvName envName = new EnvName(env);
        Application application = snapshot.application(appName)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + " at " + revision.abbreviated() + "."));
        if (!snapshot.pipeline().contains(envName)) {
            throw new NotFoundException("There is no environment " + env + " at " + revision.abbreviated() + ".");
        }
        if (snapshot.error(appName, envName).isPresent()) {
            // Serving half a configuration would start an application wrongly; better to fail loudly.
            throw new StoreException("The settings of " + app + " in " + env + " cannot be read at "
                    + revision.abbreviated() + "; fix the file in the repository.");
        }
        Schema schema = application.schema();
        Map<String, Object> values = new LinkedHashMap<>();
        schema.effective(snapshot.settings(appName, envName)).values()
                .forEach((key, value) -> values.put(key.value(), typed(schema.spec(key), secrets.open(appName, envName, key, value))));
        return new ResolvedConfig(snapshot.revision(), values);
    }

    private static Object typed(KeySpec spec, String value) {
        try {
            return switch (spec.type()) {
                case INT -> Long.valueOf(value.strip());
                case NUMBER -> new BigDecimal(value.strip());
                case BOOL -> Boolean.valueOf(value.strip());
                default -> value;
            };
        } catch (NumberFormatException e) {
            return value; // a hand-edited file may hold a value of the wrong type: serve it as written
        }
    }
}
