package dev.strata.config;

import java.util.Objects;

/**
 * A key change in one application and environment.
 *
 * @param appEnv where
 * @param change what happened to the key
 */
public record SettingChange(AppEnv appEnv, KeyChange change) {

    public SettingChange {
        Objects.requireNonNull(appEnv, "appEnv");
        Objects.requireNonNull(change, "change");
    }
}
