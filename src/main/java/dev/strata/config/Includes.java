package dev.strata.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules for {@code shared} and {@code includes} in a schema: an application includes only
 * shared sets that exist, never itself, each once; shared sets including one another form no
 * cycle; and a set stays shared while an application includes it.
 */
public final class Includes {

    /** More would make one application's settings depend on more sets than anyone can follow. */
    public static final int MAX_INCLUDES = 20;

    private Includes() {}

    /**
     * What is wrong with giving {@code app} the schema {@code schema}, next to the other
     * applications of {@code applications} (where {@code app} may be absent: a new application).
     */
    public static List<Problem> problems(AppName app, Schema schema, Map<AppName, Application> applications) {
        List<Problem> problems = new ArrayList<>();
        if (schema.includes().size() > MAX_INCLUDES) {
            problems.add(new Problem(
                    "includes",
                    "includes " + schema.includes().size() + " sets; at most " + MAX_INCLUDES + " are allowed"));
            return problems;
        }
        Set<AppName> seen = new HashSet<>();
        for (AppName set : schema.includes()) {
            Application included = applications.get(set);
            if (set.equals(app)) {
                problems.add(new Problem("includes", app + " cannot include itself"));
            } else if (!seen.add(set)) {
                problems.add(new Problem("includes", set + " is included twice"));
            } else if (included == null) {
                problems.add(new Problem("includes", "there is no shared set " + set));
            } else if (!included.schema().shared()) {
                problems.add(new Problem("includes", set + " is an application, not a shared set (shared: true)"));
            }
        }
        if (problems.isEmpty() && cycle(app, schema, applications)) {
            problems.add(new Problem(
                    "includes",
                    "including " + schema.includes() + " would make " + app
                            + " include itself through the sets it includes"));
        }
        if (!schema.shared()) {
            List<String> users = usedBy(app, applications);
            if (!users.isEmpty()) {
                problems.add(new Problem(
                        "shared", app + " stays a shared set while " + String.join(", ", users) + " include it"));
            }
        }
        return problems;
    }

    /** The applications (and sets) that name {@code set} in their {@code includes}, sorted. */
    public static List<String> usedBy(AppName set, Map<AppName, Application> applications) {
        return applications.values().stream()
                .filter(application -> !application.name().equals(set)
                        && application.schema().includes().contains(set))
                .map(application -> application.name().value())
                .sorted()
                .toList();
    }

    /** An application, in an environment, that a change of a shared set reaches. */
    public record Reach(String app, String env) {}

    /**
     * The applications a change of {@code keys} in the shared set {@code set} reaches in each of
     * {@code envs} (see {@link #reaches(ConfigSnapshot, AppName, EnvName, Set)}); none for an
     * application that is no shared set.
     */
    public static List<Reach> reaches(ConfigSnapshot snapshot, AppName set, List<EnvName> envs, Set<SettingKey> keys) {
        if (!snapshot.application(set).map(a -> a.schema().shared()).orElse(false)) {
            return List.of();
        }
        return envs.stream()
                .flatMap(env ->
                        reaches(snapshot, set, env, keys).stream().map(app -> new Reach(app.value(), env.value())))
                .toList();
    }

    /**
     * The applications a change of {@code keys} in the shared set {@code set} in {@code env} reaches:
     * those that include it, directly or through other sets, and get at least one of those keys from
     * it, having no value of their own nor one of a set ranked above it. No keys: every application
     * that includes it. Sorted by name.
     */
    public static List<AppName> reaches(ConfigSnapshot snapshot, AppName set, EnvName env, Set<SettingKey> keys) {
        List<AppName> reached = new ArrayList<>();
        for (AppName app : snapshot.applications().keySet()) {
            if (app.equals(set)
                    || !Resolution.includedSets(snapshot.applications(), app).contains(set)) {
                continue;
            }
            Resolution resolution = snapshot.resolution(app, env);
            if (keys.isEmpty() || keys.stream().anyMatch(key -> fromSet(resolution, set, key))) {
                reached.add(app);
            }
        }
        return reached;
    }

    /** Whether nothing ranked above {@code set} in {@code resolution} has a value of {@code key}. */
    private static boolean fromSet(Resolution resolution, AppName set, SettingKey key) {
        for (Resolution.Source source : resolution.sources()) {
            if (source.layer() == Resolution.Layer.SHARED && source.holder().equals(set)) {
                return true;
            }
            if (source.values().containsKey(key)) {
                return false;
            }
        }
        return false;
    }

    private static boolean cycle(AppName app, Schema schema, Map<AppName, Application> applications) {
        Map<AppName, Application> next = new TreeMap<>(applications);
        next.put(app, new Application(app, schema));
        return reaches(app, app, next, new HashSet<>());
    }

    private static boolean reaches(
            AppName from, AppName target, Map<AppName, Application> applications, Set<AppName> visited) {
        Application application = applications.get(from);
        if (application == null || !visited.add(from)) {
            return false;
        }
        for (AppName set : application.schema().includes()) {
            if (set.equals(target) || reaches(set, target, applications, visited)) {
                return true;
            }
        }
        return false;
    }
}
