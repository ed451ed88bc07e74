package dev.strata.editing;

import dev.strata.config.LastChange;
import java.util.List;

/**
 * An application as the overview shows it.
 *
 * @param name         the application
 * @param description  what it is
 * @param owners       who owns it
 * @param environments one entry per environment of the pipeline, in promotion order
 * @param lastChange   the newest commit that changed it, or null when that is older than the
 *                     commits the overview looks at ({@link ApplicationsService#RECENT_COMMITS})
 * @param shared       whether it is a shared set
 * @param includes     the shared sets it includes, as its schema names them
 * @param usedBy       the applications (and sets) that include it, sorted; empty for most applications
 */
public record ApplicationSummary(
        String name,
        String description,
        List<String> owners,
        List<EnvironmentSummary> environments,
        LastChange lastChange,
        boolean shared,
        List<String> includes,
        List<String> usedBy) {

    /**
     * One application in one environment.
     *
     * @param name     the environment
     * @param keys     keys set in its settings file
     * @param drift    keys whose effective value (inherited ones included) differs from the previous environment
     *                 (envSpecific ones ignored);
     *                 0 for the first environment
     * @param problems validation problems of its settings
     * @param error    why its settings file cannot be read, or null
     */
    public record EnvironmentSummary(String name, int keys, int drift, int problems, String error) {}
}
