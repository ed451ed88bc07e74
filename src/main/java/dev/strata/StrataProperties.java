package dev.strata;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strata's settings, named as in PRODUCT.md: {@code STRATA_DATA_DIR}, {@code STRATA_DEMO} and
 * {@code STRATA_REMOTE_URL} (with the other {@code STRATA_REMOTE_*}) bind here through Spring's
 * relaxed binding.
 *
 * @param dataDir holds {@code config.git}, {@code users.yaml}, {@code tokens.yaml}, {@code secrets.key}
 * @param demo    seed demo applications, history and accounts into an empty data directory
 * @param remote  the Git remote to keep the repository in step with
 */
@ConfigurationProperties(prefix = "strata")
public record StrataProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean demo,
        @DefaultValue Remote remote) {

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

    public StrataProperties {
        remote = remote == null ? new Remote(null, "main", null, null, null, null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), null) : remote;
    }
}
