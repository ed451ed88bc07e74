package dev.strata;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strata's settings, named as in PRODUCT.md: {@code STRATA_DATA_DIR}, {@code STRATA_DEMO} and
 * {@code STRATA_REMOTE_URL} bind here through Spring's relaxed binding.
 *
 * @param dataDir   holds {@code config.git}, {@code users.yaml}, {@code tokens.yaml}, {@code secrets.key}
 * @param demo      seed demo applications, history and accounts into an empty data directory
 * @param remoteUrl a Git remote to push to and pull from, or {@code null}
 */
@ConfigurationProperties(prefix = "strata")
public record StrataProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean demo,
        String remoteUrl) {
}
