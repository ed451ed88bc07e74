package dev.strata;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strata's settings, named as in PRODUCT.md: {@code STRATA_DATA_DIR}, {@code STRATA_DEMO} and
 * {@code STRATA_REMOTE_URL} (with the other {@code STRATA_REMOTE_*}) bind here through Spring's
 * relaxed binding.
 *
 * @param dataDir holds {@code config.git}, {@code users.yaml}, {@code tokens.yaml}, {@code secrets.key}
 * @param demo    seed demo applications, history and accounts into an empty data directory
 * @param remote  the Git remote to keep the repository in step with
 * @param secretsKey  {@code STRATA_SECRETS_KEY}: the secrets keys, base64, comma-separated, the sealing one first;
 *                    blank keeps them in {@code secrets.key} in the data directory
 * @param maintenance when the repository is packed and its commit-graph rewritten in the background
 * @param tokens      how API tokens' last use is recorded
 * @param writePatience how long a write keeps trying while the branch moves or a ref it moves stays locked,
 *                      before it fails with 503
 * @param passwordStrength {@code STRATA_PASSWORD_STRENGTH}: BCrypt's log rounds for the passwords Strata hashes
 *                      (4 to 31; each step doubles the cost of hashing and of every password check). A stored
 *                      hash keeps the strength it was made with.
 */
@ConfigurationProperties(prefix = "strata")
public record StrataProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean demo,
        @DefaultValue Remote remote,
        @DefaultValue("") String secretsKey,
        @DefaultValue Maintenance maintenance,
        @DefaultValue Tokens tokens,
        @DefaultValue("10s") Duration writePatience,
        @DefaultValue("10") Integer passwordStrength) {

    /** BCrypt's bounds for its log rounds. */
    static final int MIN_PASSWORD_STRENGTH = 4;

    static final int MAX_PASSWORD_STRENGTH = 31;

    /**
     * @param url           {@code STRATA_REMOTE_URL}: a Git remote that this instance pushes to and pulls from, or null
     * @param branch        {@code STRATA_REMOTE_BRANCH}: the remote branch that mirrors {@code main}
     * @param username      {@code STRATA_REMOTE_USERNAME}: for HTTPS
     * @param password      {@code STRATA_REMOTE_PASSWORD}: for HTTPS, a password or access token
     * @param sshKey        {@code STRATA_REMOTE_SSH_KEY}: the private key file for SSH
     * @param knownHosts    {@code STRATA_REMOTE_KNOWN_HOSTS}: the known_hosts file listing the SSH server
     * @param fetchInterval {@code STRATA_REMOTE_FETCH_INTERVAL}: how often the remote is fetched
     * @param timeout       {@code STRATA_REMOTE_TIMEOUT}: how long a fetch or push may wait for the remote
     * @param webhookSecret {@code STRATA_REMOTE_WEBHOOK_SECRET}: the shared secret of push webhooks; none turns them off
     */
    public record Remote(
            String url,
            @DefaultValue("main") String branch,
            String username,
            String password,
            Path sshKey,
            Path knownHosts,
            @DefaultValue("10s") Duration fetchInterval,
            @DefaultValue("10s") Duration timeout,
            String webhookSecret) {

        @Override
        public String toString() {
            return "Remote[" + branch + "]"; // never the password or the webhook secret
        }
    }

    /**
     * @param initialDelay {@code STRATA_MAINTENANCE_INITIAL_DELAY}: how long after start the first run waits
     * @param interval     {@code STRATA_MAINTENANCE_INTERVAL}: the pause between the end of one run and the next
     */
    public record Maintenance(
            @DefaultValue("10m") Duration initialDelay,
            @DefaultValue("1h") Duration interval) {}

    /**
     * @param usageInterval {@code STRATA_TOKENS_USAGE_INTERVAL}: how often the tokens' last use is written to
     *                      {@code tokens.yaml}, so that serving does not write a file per request
     */
    public record Tokens(@DefaultValue("1m") Duration usageInterval) {}

    @ConstructorBinding
    public StrataProperties {
        remote = remote == null
                ? new Remote(null, "main", null, null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(10), null)
                : remote;
        secretsKey = secretsKey == null ? "" : secretsKey;
        maintenance = maintenance == null ? new Maintenance(Duration.ofMinutes(10), Duration.ofHours(1)) : maintenance;
        tokens = tokens == null ? new Tokens(Duration.ofMinutes(1)) : tokens;
        writePatience = writePatience == null ? Duration.ofSeconds(10) : writePatience;
        passwordStrength = passwordStrength == null ? 10 : passwordStrength;
        if (passwordStrength < MIN_PASSWORD_STRENGTH || passwordStrength > MAX_PASSWORD_STRENGTH) {
            throw new IllegalArgumentException("strata.password-strength (STRATA_PASSWORD_STRENGTH) must be between "
                    + MIN_PASSWORD_STRENGTH + " and " + MAX_PASSWORD_STRENGTH + ", BCrypt's log rounds; it is "
                    + passwordStrength);
        }
    }

    /** The settings with the defaults for the secrets key, maintenance, tokens, write patience and password strength. */
    public StrataProperties(Path dataDir, boolean demo, Remote remote) {
        this(dataDir, demo, remote, "", null, null, null, null);
    }

    @Override
    public String toString() {
        return "StrataProperties[" + dataDir + ", demo=" + demo + ", " + remote + "]"; // never the secrets key
    }
}
