package dev.strata;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rendered branch's settings (PRODUCT.md, "Outputs for other tools"), bound through Spring's
 * relaxed binding from {@code STRATA_RENDER_BRANCH} and {@code STRATA_RENDER_URL}.
 *
 * @param branch {@code STRATA_RENDER_BRANCH}: the branch of {@code config.git} that renderings of main are
 *               committed to, such as {@code rendered}; none turns rendering off
 * @param url    {@code STRATA_RENDER_URL}: Strata's address as the cluster reaches it, which the rendered
 *               {@code SecretStore}s call for secret values
 */
@ConfigurationProperties(prefix = "strata.render")
public record RenderedBranchProperties(
        String branch, @DefaultValue("http://strata:8080") String url) {

    /** Whether a branch is set. */
    public boolean enabled() {
        return branch != null && !branch.isBlank();
    }
}
