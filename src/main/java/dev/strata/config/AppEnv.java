package dev.strata.config;

import java.util.Objects;

/**
 * One application in one environment: the unit that has one settings file.
 *
 * @param app the application
 * @param env the environment
 */
public record AppEnv(AppName app, EnvName env) implements Comparable<AppEnv> {

    public AppEnv {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(env, "env");
    }

    @Override
    public int compareTo(AppEnv other) {
        int byApp = app.compareTo(other.app);
        return byApp != 0 ? byApp : env.compareTo(other.env);
    }

    @Override
    public String toString() {
        return app + "/" + env;
    }
}
