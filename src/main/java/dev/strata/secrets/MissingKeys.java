package dev.strata.secrets;

import dev.strata.config.Application;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Secrecy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, names the keys that sealed values in the repository but that Strata does not hold
 * (a lost or replaced {@code secrets.key}, a wrong {@code STRATA_SECRETS_KEY}): those values cannot
 * be opened until the key is restored; every other value keeps working, so start-up goes on.
 */
@Component
public class MissingKeys {

    private static final Logger log = LoggerFactory.getLogger(MissingKeys.class);

    private final ConfigStore store;
    private final SecretKeyRing keys;

    MissingKeys(ConfigStore store, SecretKeyRing keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * For each key id that sealed a value at the head but is not held, the values it sealed
     * ({@code app/env/key}), sorted by key id.
     */
    public Map<String, List<String>> find() {
        Set<String> held = new HashSet<>(keys.retiredKeyIds());
        held.add(keys.keyId());
        ConfigSnapshot head = store.snapshot();
        Map<String, List<String>> missing = new TreeMap<>();
        for (Application application : head.applications().values()) {
            for (EnvName env : head.pipeline().names()) {
                head.settings(application.name(), env).values().forEach((key, value) -> {
                    String keyId = Secrecy.isSealed(value) ? SecretCipher.keyIdOf(value) : null;
                    if (keyId != null && !held.contains(keyId)) {
                        missing.computeIfAbsent(keyId, id -> new ArrayList<>())
                                .add(application.name() + "/" + env + "/" + key);
                    }
                });
            }
        }
        return missing;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        find().forEach((keyId, values) -> log.error(
                "{} secret values are sealed with key {}, which Strata does not have"
                        + " (neither STRATA_SECRETS_KEY nor secrets.key holds it), for example {}: they cannot be read or"
                        + " served until that key is restored from a backup; every other value keeps working",
                values.size(),
                keyId,
                values.getFirst()));
    }
}
