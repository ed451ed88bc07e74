package dev.strata.serving;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConfigUnreadableException;
import dev.strata.config.EnvName;
import dev.strata.config.InvalidNameException;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.formats.Scalar;
import dev.strata.secrets.SecretException;
import dev.strata.secrets.Secrets;
import dev.strata.security.ApiToken;
import dev.strata.security.CurrentToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Resolves the configuration an application gets, after checking the token's scope first, so that
 * a token learns nothing about applications and environments beyond its scope. A value that cannot be
 * read (a secret that does not decrypt) costs only its key: an optional key is left out, so that the
 * application starts with its own default; a required one makes the configuration unservable.
 */
@Service
class ConfigResolver {

    private static final Logger log = LoggerFactory.getLogger(ConfigResolver.class);

    private final ConfigStore store;
    private final ConfigHistory history;
    private final CurrentToken currentToken;
    private final Secrets secrets;
    private final ServedHead servedHead;

    ConfigResolver(
            ConfigStore store,
            ConfigHistory history,
            CurrentToken currentToken,
            Secrets secrets,
            ServedHead servedHead) {
        this.store = store;
        this.history = history;
        this.currentToken = currentToken;
        this.secrets = secrets;
        this.servedHead = servedHead;
    }

    /** Refuses unless the current token may fetch {@code app} in {@code env}. */
    void checkScope(String app, String env) {
        checkScopeAtHead(app, env);
    }

    /**
     * Refuses unless the current token may fetch {@code app} in {@code env}, and returns the head
     * whose owners it checked, so that a served request reads the branch once (JFR under load: each
     * read of the ref cost a twentieth of a served configuration's CPU time), and that as
     * {@link ServedHead} keeps it.
     */
    Revision checkScopeAtHead(String app, String env) {
        ApiToken token = currentToken.require();
        ConfigSnapshot head = servedHead.snapshot();
        if (!token.covers(app, env, owners(app, head))) {
            throw new AccessDeniedException("This token may not fetch " + app + " in " + env + ".");
        }
        return head.revision();
    }

    /** Refuses unless the current token may fetch {@code app} in at least one environment. */
    void checkScope(String app) {
        ApiToken token = currentToken.require();
        if (!token.coversApplication(app, owners(app, store.snapshot()))) {
            throw new AccessDeniedException("This token may not fetch " + app + ".");
        }
    }

    /** The owners of {@code app}, which team scopes reach; none when there is no such application, or its name is bad. */
    private static List<String> owners(String app, ConfigSnapshot snapshot) {
        AppName name;
        try {
            name = new AppName(app);
        } catch (InvalidNameException e) {
            return List.of();
        }
        return snapshot.application(name).map(a -> a.schema().owners()).orElse(List.of());
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
                .orElseThrow(() -> new NotFoundException(
                        "There is no application " + app + " at " + revision.abbreviated() + "."));
        if (!snapshot.pipeline().contains(envName)) {
            throw new NotFoundException("There is no environment " + env + " at " + revision.abbreviated() + ".");
        }
        snapshot.error(appName, envName).ifPresent(error -> {
            // Serving half a configuration would start an application wrongly; better to fail loudly.
            throw new ConfigUnreadableException("The settings of " + app + " in " + env + " cannot be read at "
                    + revision.abbreviated() + ": " + error.message() + "; fix the file in the repository.");
        });
        Resolution resolution = snapshot.resolution(appName, envName);
        for (AppName set : resolution.sets()) {
            snapshot.error(set, envName).ifPresent(error -> {
                throw new ConfigUnreadableException("The settings of the shared set " + set + " in " + env
                        + ", which " + app + " includes, cannot be read at " + revision.abbreviated() + ": "
                        + error.message() + "; fix the file in the repository.");
            });
        }
        Map<String, Scalar> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        List<String> unreadable = new ArrayList<>();
        List<String> requiredUnreadable = new ArrayList<>();
        resolution.values().forEach((key, value) -> {
            KeySpec spec = value.spec();
            String plain = plaintext(value.holder(), envName, key, spec, value.value());
            if (plain != null) {
                values.put(key.value(), Scalar.of(spec.type(), plain));
                sources.put(key.value(), value.source());
                // secret when the layer that holds it says so, or the application's own schema does
                if (spec.secret() || application.schema().spec(key).secret()) {
                    secrets.add(key.value());
                }
            } else {
                (spec.required() ? requiredUnreadable : unreadable).add(key.value());
            }
        });
        if (!requiredUnreadable.isEmpty()) {
            // Without a required key the application would start wrongly, or fail far from the cause.
            throw new SecretException("The required " + keys(requiredUnreadable) + " of " + app + " in " + env
                    + " cannot be read at " + revision.abbreviated() + ", so its configuration is not served;"
                    + " set the value again in Strata.");
        }
        if (!unreadable.isEmpty()) {
            log.warn(
                    "{} of {} in {} cannot be read at {} and is left out of the configuration served; set the value"
                            + " again in Strata",
                    keys(unreadable),
                    app,
                    env,
                    revision.abbreviated());
        }
        return new ResolvedConfig(snapshot.revision(), values, sources, secrets, layers(resolution, envName));
    }

    /** Each layer's readable values, typed, highest first, for a client that shows where values come from. */
    private List<ResolvedConfig.Layer> layers(Resolution resolution, EnvName env) {
        List<ResolvedConfig.Layer> layers = new ArrayList<>();
        for (Resolution.Source source : resolution.sources()) {
            Map<String, Scalar> values = new LinkedHashMap<>();
            source.values().forEach((key, stored) -> {
                KeySpec spec = resolution.spec(source, key);
                String plain = plaintext(source.holder(), env, key, spec, stored);
                if (plain != null) {
                    values.put(key.value(), Scalar.of(spec.type(), plain));
                }
            });
            layers.add(new ResolvedConfig.Layer(source.layer(), source.holder().value(), values));
        }
        return layers;
    }

    /**
     * The value an application gets for {@code key}, or null when the stored value cannot be read:
     * a secret that does not decrypt, or a sealed value in a key that is not secret (never opened).
     */
    private String plaintext(AppName app, EnvName env, SettingKey key, KeySpec spec, String stored) {
        if (!spec.secret()) {
            return Secrecy.isSealed(stored) ? null : stored;
        }
        try {
            return secrets.open(app, env, key, stored);
        } catch (SecretException e) {
            return null;
        }
    }

    private static String keys(List<String> keys) {
        return (keys.size() == 1 ? "key " : "keys ") + String.join(", ", keys);
    }
}
