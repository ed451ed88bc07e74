package dev.strata.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything in the configuration repository at one revision, read once and never changing.
 * Settings are held per environment, so that the snapshot after a one-file commit shares all
 * but one environment's index with the snapshot before it.
 */
public final class ConfigSnapshot {

    private final Revision revision;
    private final Pipeline pipeline;
    private final SortedMap<AppName, Application> applications;
    private final Map<EnvName, Map<AppName, Settings>> settingsByEnv;
    private final List<ReadError> errors;
    /** Resolved on first use: a snapshot never changes, so neither do they (serving asks for them again and again). */
    private final Map<AppEnv, Resolution> resolutions = new ConcurrentHashMap<>();

    /**
     * @param revision     the commit this is a view of
     * @param pipeline     environments and policies from {@code strata.yaml} (the default pipeline when
     *                     that file cannot be read; see {@link #errors()})
     * @param applications every application with a schema file or a settings file, by name
     * @param settings     the settings files that could be read, by application and environment
     * @param errors       the files that could not be read; each affects only what it holds
     */
    public ConfigSnapshot(
            Revision revision,
            Pipeline pipeline,
            SortedMap<AppName, Application> applications,
            Map<AppEnv, Settings> settings,
            List<ReadError> errors) {
        this(
                byEnv(settings),
                revision,
                pipeline,
                Collections.unmodifiableSortedMap(new TreeMap<>(applications)),
                List.copyOf(errors));
    }

    private ConfigSnapshot(
            Map<EnvName, Map<AppName, Settings>> settingsByEnv,
            Revision revision,
            Pipeline pipeline,
            SortedMap<AppName, Application> applications,
            List<ReadError> errors) {
        this.revision = Objects.requireNonNull(revision, "revision");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.applications = applications;
        this.settingsByEnv = settingsByEnv;
        this.errors = errors;
    }

    private static Map<EnvName, Map<AppName, Settings>> byEnv(Map<AppEnv, Settings> settings) {
        Map<EnvName, Map<AppName, Settings>> grouped = new HashMap<>();
        settings.forEach((appEnv, s) -> grouped.computeIfAbsent(appEnv.env(), e -> new HashMap<>())
                .put(appEnv.app(), Objects.requireNonNull(s)));
        Map<EnvName, Map<AppName, Settings>> frozen = new HashMap<>();
        grouped.forEach((env, apps) -> frozen.put(env, Map.copyOf(apps)));
        return Map.copyOf(frozen);
    }

    /**
     * The snapshot of {@code revision}, a commit that changed nothing but the settings of an
     * existing application in one environment.
     */
    public ConfigSnapshot withSettings(Revision revision, AppEnv appEnv, Settings settings) {
        if (!applications.containsKey(appEnv.app())) {
            throw new IllegalArgumentException("application " + appEnv.app() + " is not in the snapshot");
        }
        Map<AppName, Settings> envSettings = new HashMap<>(settingsByEnv.getOrDefault(appEnv.env(), Map.of()));
        envSettings.put(appEnv.app(), Objects.requireNonNull(settings));
        Map<EnvName, Map<AppName, Settings>> changed = new HashMap<>(settingsByEnv);
        changed.put(appEnv.env(), Collections.unmodifiableMap(envSettings));
        return new ConfigSnapshot(Collections.unmodifiableMap(changed), revision, pipeline, applications, errors);
    }

    /** The commit this is a view of. */
    public Revision revision() {
        return revision;
    }

    /** Environments and policies from {@code strata.yaml}, or the default pipeline when it cannot be read. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** Every application with a schema file or a settings file, by name. */
    public SortedMap<AppName, Application> applications() {
        return applications;
    }

    /** Every settings file that could be read, by application and environment; built on each call. */
    public Map<AppEnv, Settings> settings() {
        Map<AppEnv, Settings> flat = new HashMap<>();
        settingsByEnv.forEach((env, apps) -> apps.forEach((app, s) -> flat.put(new AppEnv(app, env), s)));
        return Collections.unmodifiableMap(flat);
    }

    /** The files that could not be read; each affects only what it holds. */
    public List<ReadError> errors() {
        return errors;
    }

    public Optional<Application> application(AppName app) {
        return Optional.ofNullable(applications.get(app));
    }

    /** The settings as written in the file, empty when there is no file (or it cannot be read). */
    public Settings settings(AppName app, EnvName env) {
        return settingsByEnv.getOrDefault(env, Map.of()).getOrDefault(app, Settings.EMPTY);
    }

    /** The settings an application gets: its own, the shared sets' it includes and the defaults ({@link Resolution}). */
    public Settings effectiveSettings(AppName app, EnvName env) {
        return resolution(app, env).settings();
    }

    /** What {@code app} gets in {@code env}, with where each value comes from; resolved once per snapshot. */
    public Resolution resolution(AppName app, EnvName env) {
        if (!applications.containsKey(app) || !pipeline.contains(env)) {
            return Resolution.of(this, app, env); // not kept: names from requests must not grow the snapshot
        }
        return resolutions.computeIfAbsent(new AppEnv(app, env), appEnv -> Resolution.of(this, app, env));
    }

    /** Why the settings of {@code app} in {@code env} could not be read, if they could not. */
    public Optional<ReadError> error(AppName app, EnvName env) {
        return errors.stream()
                .filter(e -> app.equals(e.app()) && env.equals(e.env()))
                .findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigSnapshot that
                && revision.equals(that.revision)
                && pipeline.equals(that.pipeline)
                && applications.equals(that.applications)
                && settingsByEnv.equals(that.settingsByEnv)
                && errors.equals(that.errors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, pipeline, applications, settingsByEnv, errors);
    }

    @Override
    public String toString() {
        return "ConfigSnapshot[" + revision + ", " + applications.size() + " applications, " + errors.size()
                + " errors]";
    }
}
