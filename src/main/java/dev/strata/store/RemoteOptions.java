package dev.strata.store;

import dev.strata.config.ValidationException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * Where the remote is and how to reach it ({@code STRATA_REMOTE_*}).
 *
 * @param url           https, http, ssh (also {@code user@host:path}), git or file; a password in it is used but never shown
 * @param branch        the remote branch that mirrors {@code main}
 * @param username      for HTTPS, with {@code password} (a personal access token); null for none
 * @param password      for HTTPS; null for none
 * @param sshKey        the private key for SSH; null for none
 * @param knownHosts    the known_hosts file that must list the SSH server's key; null for none
 * @param fetchInterval how often the remote is fetched
 * @param timeout       how long a fetch or push may wait for the remote
 */
public record RemoteOptions(
        String url,
        String branch,
        String username,
        String password,
        Path sshKey,
        Path knownHosts,
        Duration fetchInterval,
        Duration timeout) {

    private static final Set<String> SCHEMES = Set.of("https", "http", "ssh", "git", "file");

    public RemoteOptions {
        if (url == null || url.isBlank()) {
            throw new ValidationException("STRATA_REMOTE_URL", "is empty");
        }
        if (branch == null || !Repository.isValidRefName("refs/heads/" + branch)) {
            throw new ValidationException("STRATA_REMOTE_BRANCH", "'" + branch + "' is not a valid branch name");
        }
        URIish uri = uri(url);
        if (uri.getScheme() != null && !SCHEMES.contains(uri.getScheme())) {
            throw new ValidationException(
                    "STRATA_REMOTE_URL",
                    "the scheme " + uri.getScheme() + " is not supported; use https, http, ssh, git or file");
        }
        for (Path file : new Path[] {sshKey, knownHosts}) {
            if (file != null && !Files.isReadable(file)) {
                throw new ValidationException(
                        file == sshKey ? "STRATA_REMOTE_SSH_KEY" : "STRATA_REMOTE_KNOWN_HOSTS",
                        file + " cannot be read");
            }
        }
        if (fetchInterval == null || fetchInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ValidationException("STRATA_REMOTE_FETCH_INTERVAL", "must be at least 100ms");
        }
        if (timeout == null || timeout.toSeconds() < 1) {
            throw new ValidationException("STRATA_REMOTE_TIMEOUT", "must be at least 1s");
        }
    }

    /** The url as JGit reads it. */
    URIish uri() {
        return uri(url);
    }

    /** The url without its password, for logs and pages. */
    public String redactedUrl() {
        URIish uri = uri(url);
        return uri.getPass() == null ? url : uri.setPass(null).toString();
    }

    /** {@code text} with the passwords of these options replaced, for messages that quote a URL or an answer. */
    String redact(String text) {
        String redacted = text == null ? "" : text;
        for (String secret : new String[] {uri(url).getPass(), password}) {
            if (secret != null && !secret.isEmpty()) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }

    private static URIish uri(String url) {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            throw new ValidationException("STRATA_REMOTE_URL", "is not a Git URL: " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return "RemoteOptions[" + redactedUrl() + ", branch " + branch + "]";
    }
}
