package dev.strata.instances;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.security.CurrentUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * What runs where: the instances of an application in an environment, and whether each has the
 * newest configuration, across the Strata instances that share a remote ({@link SharedSightings}). Anyone signed in may see them, as they may read the settings (secrets
 * masked); the sightings hold no values.
 * <p>
 * An instance is current when the configuration it was served is the one the head serves, even if
 * its revision is older: a client whose {@code If-None-Match} is answered 304 keeps the revision it
 * has, while other applications' commits move the head.
 */
@Service
public class InstancesService {

    private final SharedSightings sightings;
    private final ConfigStore store;
    private final CurrentUser currentUser;

    InstancesService(SharedSightings sightings, ConfigStore store, CurrentUser currentUser) {
        this.sightings = sightings;
        this.store = store;
        this.currentUser = currentUser;
    }

    /**
     * @param revision  the head: what a client asking now is served
     * @param instances the named instances seen in the last 24 hours, by id
     * @param unnamed   clients that sent no {@code Strata-Instance}, counted by address
     */
    public record Fleet(Revision revision, List<Instance> instances, int unnamed) {

        /** How many instances have the newest configuration. */
        public long current() {
            return instances.stream().filter(Instance::current).count();
        }
    }

    /**
     * One instance as last seen.
     *
     * @param current whether it has the configuration the head serves
     * @param stale   whether it stayed away for longer than it usually does (see {@link Sighting#staleAt})
     */
    public record Instance(
            String id,
            Map<String, String> labels,
            String revision,
            boolean current,
            Instant lastSeen,
            String address,
            String token,
            boolean stale) {}

    /** The instances of {@code app} in {@code env}; a 404 when either does not exist. */
    public Fleet fleet(AppName app, EnvName env) {
        currentUser.require();
        ConfigSnapshot head = store.snapshot();
        if (head.application(app).isEmpty()) {
            throw new NotFoundException("There is no application " + app + ".");
        }
        if (!head.pipeline().contains(env)) {
            throw new NotFoundException("There is no environment " + env + ".");
        }
        return fleet(
                head,
                new AppEnv(app, env),
                sightings.named(app.value(), env.value()),
                sightings.unnamed(app.value(), env.value()));
    }

    /** The instances of every application and environment that has any, in one pass over the sightings. */
    public Map<AppEnv, Fleet> fleets() {
        currentUser.require();
        ConfigSnapshot head = store.snapshot();
        Map<AppEnv, List<Sighting>> named = new HashMap<>();
        Map<AppEnv, Integer> unnamed = new HashMap<>();
        sightings.each((key, sighting) -> {
            AppEnv appEnv = new AppEnv(new AppName(key.app()), new EnvName(key.env()));
            if (key.instance() != null) {
                named.computeIfAbsent(appEnv, k -> new ArrayList<>()).add(sighting);
            } else {
                unnamed.merge(appEnv, 1, Integer::sum);
            }
        });
        Map<AppEnv, Fleet> fleets = new TreeMap<>();
        for (AppEnv appEnv : union(named, unnamed)) {
            List<Sighting> instances = named.getOrDefault(appEnv, List.of());
            fleets.put(
                    appEnv,
                    fleet(
                            head,
                            appEnv,
                            instances.stream()
                                    .sorted((a, b) -> a.instance().compareTo(b.instance()))
                                    .toList(),
                            unnamed.getOrDefault(appEnv, 0)));
        }
        return fleets;
    }

    private static List<AppEnv> union(Map<AppEnv, ?> one, Map<AppEnv, ?> other) {
        List<AppEnv> all = new ArrayList<>(one.keySet());
        other.keySet().stream().filter(appEnv -> !one.containsKey(appEnv)).forEach(all::add);
        return all;
    }

    private Fleet fleet(ConfigSnapshot head, AppEnv appEnv, List<Sighting> named, int unnamed) {
        Instant now = sightings.now();
        Map<String, Boolean> current = new HashMap<>();
        List<Instance> instances = named.stream()
                .map(sighting -> new Instance(
                        sighting.instance(),
                        sighting.labelMap(),
                        sighting.revision(),
                        current.computeIfAbsent(sighting.revision(), revision -> sameAsHead(head, appEnv, revision)),
                        sighting.lastSeen(),
                        sighting.address(),
                        sighting.token(),
                        sighting.staleAt(now)))
                .toList();
        return new Fleet(head.revision(), instances, unnamed);
    }

    /** Whether {@code revision} serves {@code appEnv} the configuration the head serves. */
    private boolean sameAsHead(ConfigSnapshot head, AppEnv appEnv, String revision) {
        if (revision.equals(head.revision().id())) {
            return true;
        }
        try {
            ConfigSnapshot then = store.snapshot(new Revision(revision));
            return then.effectiveSettings(appEnv.app(), appEnv.env())
                    .equals(head.effectiveSettings(appEnv.app(), appEnv.env()));
        } catch (RuntimeException unknown) {
            return false; // a revision this repository does not have (yet): not what the head serves
        }
    }
}
