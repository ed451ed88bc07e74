package dev.strata.secrets;

import dev.strata.LogText;
import dev.strata.config.AppEnv;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Key rotation: every secret of every application in every environment re-encrypted with a new key
 * in one commit. The old keys stay readable until that commit is in; only then are they dropped,
 * so a failure at any point loses nothing. Who may rotate is decided by the callers: the admin
 * service and the command line.
 */
@Service
public class SecretsRotation {

    /** The property that the command-line switch {@code --strata.rotate-secrets-key} sets. */
    public static final String SWITCH = "strata.rotate-secrets-key";

    /** The author of a rotation started from the command line. */
    public static final Author STRATA = new Author("Strata", "strata@localhost");

    private static final Logger log = LoggerFactory.getLogger(SecretsRotation.class);
    /** How long a rotation keeps trying while others commit to the files it re-encrypts. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ConfigStore store;
    private final ChangeRequestStore changeRequests;
    private final SecretKeyRing keys;
    private final SecretCipher cipher;

    SecretsRotation(ConfigStore store, ChangeRequestStore changeRequests, SecretKeyRing keys, SecretCipher cipher) {
        this.store = store;
        this.changeRequests = changeRequests;
        this.keys = keys;
        this.cipher = cipher;
    }

    /** The keys now: which one seals, which are retired but still read. */
    public KeyState state() {
        return new KeyState(keys.keyId(), keys.retiredKeyIds(), keys.fromEnvironment());
    }

    /**
     * Makes a new key the current one (with {@code STRATA_SECRETS_KEY}: the first key given), then
     * re-encrypts every secret with it in one commit by {@code author}, then drops the old keys.
     * Values that do not decrypt are left as they are and named in the result.
     */
    public Rotation rotate(Author author) {
        synchronized (keys) {
            String keyId = keys.beginRotation();
            int total = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                ConfigSnapshot head = store.snapshot();
                Map<AppEnv, Settings> resealed = new TreeMap<>();
                List<String> unreadable = new ArrayList<>();
                int count = reseal(head, keyId, resealed, unreadable);
                if (resealed.isEmpty()) {
                    // Only now is no value at the head sealed with an old key, not even one sealed by a
                    // commit that raced the rotation's own. A file that cannot be read may still hold
                    // some, and so may the proposal of an open change request: then the old keys stay,
                    // to open them once the file is repaired or the request is merged or closed.
                    List<String> pending = openRequestsSealedWithOtherKeys(keyId);
                    unreadable.addAll(pending);
                    if (head.errors().isEmpty() && pending.isEmpty()) {
                        keys.finishRotation();
                    }
                    log.info(
                            "access: {} rotated the secrets key to {}: {} values re-encrypted, {} unreadable",
                            LogText.of(author.name()),
                            keyId,
                            total,
                            unreadable.size());
                    return new Rotation(head.revision(), keyId, total, unreadable, keys.retiredKeyIds());
                }
                try {
                    store.replace(
                            Map.of(),
                            resealed,
                            author,
                            "Rotate the secrets key to " + keyId + "\n\nRe-encrypts " + count + " secret values.",
                            head.revision());
                    total += count;
                } catch (ConflictException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause();
                }
            }
        }
    }

    private List<String> openRequestsSealedWithOtherKeys(String keyId) {
        return changeRequests.all().stream()
                .filter(ChangeRequest::isOpen)
                .filter(request -> request.proposal().set().values().stream()
                        .anyMatch(value -> Secrecy.isSealed(value) && !keyId.equals(SecretCipher.keyIdOf(value))))
                .map(request -> "change request #" + request.id() + " (it proposes a secret sealed with an old key;"
                        + " the old keys are kept until it is merged or closed)")
                .toList();
    }

    /** A short random pause, so that a busy writer and the rotation do not keep colliding. */
    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 25));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while rotating the secrets key; the old key is still readable", e);
        }
    }

    /** Re-encrypts into {@code resealed} every secret of {@code head} not sealed with {@code keyId}; returns how many. */
    private int reseal(ConfigSnapshot head, String keyId, Map<AppEnv, Settings> resealed, List<String> unreadable) {
        int count = 0;
        head.errors()
                .forEach(error ->
                        unreadable.add(error.path() + " (the file cannot be read; the old keys are kept for it)"));
        for (Application application : head.applications().values()) {
            for (EnvName env : head.pipeline().names()) {
                Settings stored = head.settings(application.name(), env);
                TreeMap<SettingKey, String> values = new TreeMap<>(stored.values());
                boolean changed = false;
                for (var entry : stored.values().entrySet()) {
                    SettingKey key = entry.getKey();
                    String value = entry.getValue();
                    if (!application.schema().spec(key).secret() || keyId.equals(SecretCipher.keyIdOf(value))) {
                        continue;
                    }
                    String app = application.name().value();
                    try {
                        String plain =
                                Secrecy.isSealed(value) ? cipher.open(app, env.value(), key.value(), value) : value;
                        values.put(key, cipher.seal(app, env.value(), key.value(), plain));
                        changed = true;
                        count++;
                    } catch (SecretException e) {
                        unreadable.add(app + "/" + env + "/" + key);
                    }
                }
                if (changed) {
                    resealed.put(new AppEnv(application.name(), env), new Settings(values));
                }
            }
        }
        return count;
    }

    /**
     * The secrets keys.
     *
     * @param keyId           the key that seals
     * @param retiredKeyIds   keys that only open, until a rotation finishes
     * @param fromEnvironment the keys come from {@code STRATA_SECRETS_KEY}, which the operator changes
     */
    public record KeyState(String keyId, List<String> retiredKeyIds, boolean fromEnvironment) {}

    /**
     * What a rotation did.
     *
     * @param revision      the commit holding the re-encrypted values (the old head when nothing needed it)
     * @param keyId         the key every secret is now sealed with
     * @param reencrypted   how many values were re-encrypted
     * @param unreadable    {@code app/env/key} of values that do not decrypt and were left as they are, and
     *                      files that cannot be read
     * @param retiredKeyIds keys still kept: with {@code STRATA_SECRETS_KEY}, remove them there
     */
    public record Rotation(
            Revision revision, String keyId, int reencrypted, List<String> unreadable, List<String> retiredKeyIds) {}
}
