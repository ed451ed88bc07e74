package dev.strata.editing;

import dev.strata.LogText;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Includes;
import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * What an application gets in an environment once shared sets are taken in, with where each value
 * comes from ({@link Resolution}), and which applications a change to a shared set reaches.
 * Secrets are masked as in {@link SettingsService#read}; revealing them needs what revealing the
 * application's own secrets needs, and an inherited secret is revealed only to someone who could
 * reveal it in its set too.
 */
@Service
public class ResolvedSettings {

    private static final Logger log = LoggerFactory.getLogger(ResolvedSettings.class);

    private final ConfigStore store;
    private final CurrentUser currentUser;
    private final Secrets secrets;

    ResolvedSettings(ConfigStore store, CurrentUser currentUser, Secrets secrets) {
        this.store = store;
        this.currentUser = currentUser;
        this.secrets = secrets;
    }

    /**
     * One resolved value.
     *
     * @param value  what the application gets, masked when secret and not revealed
     * @param source {@code app}, {@code shared:<set>} or {@code default}
     */
    public record Entry(String value, String source) {}

    /** @param settings key to value and source, sorted by key */
    public record View(Revision revision, Map<String, Entry> settings) {}

    /**
     * The settings {@code app} gets in {@code env} at the head revision.
     *
     * @throws AccessDeniedException when {@code reveal} is asked by someone who may not edit the environment
     */
    public View resolved(AppName app, EnvName env, boolean reveal) {
        return resolved(store.snapshot(), app, env, reveal);
    }

    /** The same at a past revision (time travel), secrets always masked. */
    public View resolvedAt(Revision revision, AppName app, EnvName env) {
        return resolved(store.snapshot(revision), app, env, false);
    }

    private View resolved(ConfigSnapshot snapshot, AppName app, EnvName env, boolean reveal) {
        Person person = currentUser.require();
        Application application = SettingsService.existing(snapshot, app, env);
        if (reveal && !person.canEdit(env.value(), application.schema().owners())) {
            throw new AccessDeniedException("Revealing secrets of " + env + " needs the role "
                    + Person.needed(
                            Role.Kind.EDITOR, env.value(), application.schema().owners()) + ".");
        }
        if (reveal) {
            log.info(
                    "access: {} revealed the resolved secrets of {} in {}",
                    LogText.of(person.username()),
                    LogText.of(app),
                    LogText.of(env));
        }
        Map<String, Entry> settings = new LinkedHashMap<>();
        snapshot.resolution(app, env).values().forEach((key, value) -> {
            String shown = value.value();
            if (value.spec().secret()) {
                boolean mayReveal = reveal
                        && snapshot.application(value.holder())
                                .map(holder -> person.canEdit(
                                        env.value(), holder.schema().owners()))
                                .orElse(false);
                shown = mayReveal && secrets.problem(value.holder(), env, key, value.value()) == null
                        ? secrets.open(value.holder(), env, key, value.value())
                        : Secrecy.MASK;
            }
            settings.put(key.value(), new Entry(shown, value.source()));
        });
        return new View(snapshot.revision(), settings);
    }

    /**
     * The applications and environments a change of {@code keys} in the shared set {@code set} in
     * {@code envs} reaches at the head revision (see {@link Includes#reaches}); none for an application
     * that is no shared set.
     */
    public List<Includes.Reach> reaches(AppName set, List<EnvName> envs, Set<SettingKey> keys) {
        currentUser.require();
        return Includes.reaches(store.snapshot(), set, envs, keys);
    }
}
