package dev.strata.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything in the configuration repository at one revision, read once and never changing.
 *
 * @param revision     the commit this is a view of
 * @param pipeline     environments and policies from {@code strata.yaml} (the default pipeline when
 *                     that file cannot be read; see {@link #errors()})
 * @param applications every application with a schema file or a settings file, by name
 * @param settings     the settings files that could be read, by application and environment
 * @param errors       the files that could not be read; each affects only what it holds
 */
public record ConfigSnapshot(Revision revision, Pipeline pipeline, SortedMap<AppName, Application> applications,
                             Map<AppEnv, Settings> settings, List<ReadError> errors) {

    public ConfigSnapshot {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(pipeline, "pipeline");
        applications = Collections.unmodifiableSortedMap(new TreeMap<>(applications));
        settings = Map.copyOf(settings);
        errors = List.copyOf(errors);
    }

    public Optional<Application> application(AppName app) {
        return Optional.ofNullable(applications.get(app));
    }

    /** The settings as written in the file, empty when there is no file (or it cannot be read). */
    public Settings settings(AppName app, EnvName env) {
        return settings.getOrDefault(new AppEnv(app, env), Settings.EMPTY);
    }

    /** The settings an application gets: the file's settings plus schema defaults. */
    public Settings effectiveSettings(AppName app, EnvName env) {
        Schema schema = application(app).map(Application::schema).orElse(Schema.EMPTY);
        return schema.effective(settings(app, env));
    }

    /** Why the settings of {@code app} in {@code env} could not be read, if they could not. */
    public Optional<ReadError> error(AppName app, EnvName env) {
        return errors.stream().filter(e -> app.equals(e.app()) && env.equals(e.env())).findFirst();
    }
}
