package dev.strata.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar strata.jar --strata.rotate-secrets-key}: rotates the secrets key as "Strata"; the
 * application then exits (see {@code StrataApplication.main}). Run it while Strata is stopped: a running instance keeps the
 * key it started with and would not read values sealed with the new one.
 */
@Component
@ConditionalOnProperty(SecretsRotation.SWITCH)
class RotateSecretsKeyCommand implements CommandLineRunner {

    private static final Logger log = LoggerFactory.getLogger(RotateSecretsKeyCommand.class);

    private final SecretsRotation rotation;

    RotateSecretsKeyCommand(SecretsRotation rotation) {
        this.rotation = rotation;
    }

    @Override
    public void run(String... args) {
        SecretsRotation.Rotation done = rotation.rotate(SecretsRotation.STRATA);
        log.info(
                "Secrets are sealed with key {}: {} values re-encrypted in commit {}",
                done.keyId(),
                done.reencrypted(),
                done.revision().abbreviated());
        if (!done.unreadable().isEmpty()) {
            log.warn(
                    "These secret values do not decrypt and were left as they are: {}",
                    String.join(", ", done.unreadable()));
        }
        if (!done.retiredKeyIds().isEmpty()) {
            log.warn(
                    "STRATA_SECRETS_KEY still holds the retired keys {}: remove them from it, keeping only the first key",
                    String.join(", ", done.retiredKeyIds()));
        }
    }
}
