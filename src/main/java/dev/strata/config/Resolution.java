package dev.strata.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The settings one application gets in one environment once shared sets are taken in: the only
 * place that decides which value wins. Highest first: the application's own value; the values of
 * the sets it includes in that environment (a later set in {@code includes} wins over an earlier
 * one, and a set wins over the sets it includes itself); the application's schema default; the
 * included sets' defaults in the same order. Values are as stored: secrets stay sealed, to be
 * opened with the application that holds them ({@link Value#holder()}).
 */
public final class Resolution {

    /** Where a value comes from. */
    public enum Layer {
        APP,
        SHARED,
        DEFAULT
    }

    /**
     * One layer's values, as the Spring Cloud Config endpoint answers them as one property source.
     *
     * @param layer  what kind of layer
     * @param holder the application whose file or schema holds the values
     * @param values key to stored value
     */
    public record Source(Layer layer, AppName holder, SortedMap<SettingKey, String> values) {

        public Source {
            values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        }
    }

    /**
     * The value that wins for one key.
     *
     * @param value  as stored (a secret sealed)
     * @param layer  where it comes from
     * @param holder the application whose file or schema holds it: the application itself, or a set
     * @param spec   how it is typed and whether it is secret: the holder's declaration of the key,
     *               else the application's, else the highest set's that declares it
     */
    public record Value(String value, Layer layer, AppName holder, KeySpec spec) {

        /** {@code app}, {@code shared:<set>} or {@code default}, as the API and every view name it. */
        public String source() {
            return switch (layer) {
                case APP -> "app";
                case SHARED -> "shared:" + holder.value();
                case DEFAULT -> "default";
            };
        }
    }

    private final Map<AppName, Application> applications;
    private final AppName app;
    private final List<AppName> sets;
    private final List<Source> sources;
    private final SortedMap<SettingKey, Value> values;
    private final List<Problem> problems;

    private Resolution(
            Map<AppName, Application> applications,
            AppName app,
            List<AppName> sets,
            List<Source> sources,
            SortedMap<SettingKey, Value> values,
            List<Problem> problems) {
        this.applications = applications;
        this.app = app;
        this.sets = sets;
        this.sources = sources;
        this.values = values;
        this.problems = problems;
    }

    /** Resolves {@code app} in {@code env} from what {@code snapshot} holds; an unknown application gets nothing. */
    public static Resolution of(ConfigSnapshot snapshot, AppName app, EnvName env) {
        Map<AppName, Application> applications = snapshot.applications();
        Schema schema = Optional.ofNullable(applications.get(app))
                .map(Application::schema)
                .orElse(Schema.EMPTY);
        List<AppName> sets = List.copyOf(includedSets(applications, app));
        List<AppName> highestSetFirst = sets.reversed();

        List<Source> sources = new ArrayList<>();
        sources.add(new Source(Layer.APP, app, snapshot.settings(app, env).values()));
        highestSetFirst.forEach(set -> sources.add(
                new Source(Layer.SHARED, set, snapshot.settings(set, env).values())));
        sources.add(new Source(Layer.DEFAULT, app, defaults(schema)));
        highestSetFirst.forEach(set -> sources.add(
                new Source(Layer.DEFAULT, set, defaults(applications.get(set).schema()))));

        SortedMap<SettingKey, Value> values = new TreeMap<>();
        for (Source source : sources) {
            source.values().forEach((key, value) -> {
                if (!values.containsKey(key)) {
                    values.put(
                            key,
                            new Value(
                                    value,
                                    source.layer(),
                                    source.holder(),
                                    spec(applications, app, highestSetFirst, source.holder(), key)));
                }
            });
        }
        return new Resolution(
                applications,
                app,
                sets,
                List.copyOf(sources),
                Collections.unmodifiableSortedMap(values),
                clashes(applications, app, schema, highestSetFirst));
    }

    /**
     * The shared sets {@code app} takes values from, lowest first: each set after the sets it
     * includes itself, a set included twice where it ranks highest. Sets that do not exist or are
     * not shared (a hand-edited file) are left out, and a cycle is followed once.
     */
    public static SequencedSet<AppName> includedSets(Map<AppName, Application> applications, AppName app) {
        SequencedSet<AppName> order = new LinkedHashSet<>();
        collect(applications, app, new LinkedHashSet<>(List.of(app)), order);
        return order;
    }

    private static void collect(
            Map<AppName, Application> applications,
            AppName app,
            SequencedSet<AppName> path,
            SequencedSet<AppName> order) {
        Application application = applications.get(app);
        if (application == null) {
            return;
        }
        for (AppName set : application.schema().includes()) {
            Application included = applications.get(set);
            if (included == null || !included.schema().shared() || path.contains(set)) {
                continue;
            }
            path.add(set);
            collect(applications, set, path, order);
            path.remove(set);
            order.remove(set); // ranked where it is included last
            order.add(set);
        }
    }

    private static SortedMap<SettingKey, String> defaults(Schema schema) {
        SortedMap<SettingKey, String> defaults = new TreeMap<>();
        schema.keys().forEach((key, spec) -> {
            if (spec.defaultValue() != null) {
                defaults.put(key, spec.defaultValue());
            }
        });
        return defaults;
    }

    private static KeySpec spec(
            Map<AppName, Application> applications,
            AppName app,
            List<AppName> highestSetFirst,
            AppName holder,
            SettingKey key) {
        KeySpec own = applications.containsKey(holder)
                ? applications.get(holder).schema().keys().get(key)
                : null;
        if (own != null) {
            return own;
        }
        KeySpec declared = applications.containsKey(app)
                ? applications.get(app).schema().keys().get(key)
                : null;
        if (declared != null) {
            return declared;
        }
        return highestSetFirst.stream()
                .map(set -> applications.get(set).schema().keys().get(key))
                .filter(spec -> spec != null)
                .findFirst()
                .orElse(KeySpec.UNDECLARED);
    }

    /** A key the application declares with another type than a set it includes: its own values keep its type. */
    private static List<Problem> clashes(
            Map<AppName, Application> applications, AppName app, Schema schema, List<AppName> highestSetFirst) {
        List<Problem> problems = new ArrayList<>();
        schema.keys().forEach((key, spec) -> {
            for (AppName set : highestSetFirst) {
                KeySpec theirs = applications.get(set).schema().keys().get(key);
                if (theirs != null && theirs.type() != spec.type()) {
                    problems.add(new Problem(
                            key.value(),
                            "is " + spec.type().schemaName() + " in " + app
                                    + " but " + theirs.type().schemaName() + " in the shared set " + set
                                    + "; the values of " + app + " are checked as "
                                    + spec.type().schemaName()));
                }
            }
        });
        return List.copyOf(problems);
    }

    /** The application resolved. */
    public AppName app() {
        return app;
    }

    /** The shared sets it takes values from, lowest first (see {@link #includedSets}). */
    public List<AppName> sets() {
        return sets;
    }

    /** Every layer, highest first: the application's values, each set's values, then the defaults likewise. */
    public List<Source> sources() {
        return sources;
    }

    /** Key to the value that wins, sorted by key. */
    public SortedMap<SettingKey, Value> values() {
        return values;
    }

    /**
     * The value the sets give {@code key}, whether or not the application's own value overrides it:
     * the winning value when it is inherited, else the highest set's that has one.
     */
    public Optional<Value> inherited(SettingKey key) {
        Value winner = values.get(key);
        if (winner != null && winner.layer() == Layer.SHARED) {
            return Optional.of(winner);
        }
        return sources.stream()
                .filter(source ->
                        source.layer() == Layer.SHARED && source.values().containsKey(key))
                .findFirst()
                .map(source -> new Value(source.values().get(key), Layer.SHARED, source.holder(), spec(source, key)));
    }

    /**
     * Why the application may not set {@code keys} itself: a key a set declares secret that its own
     * schema does not, whose value would be written in plaintext into the application's file.
     */
    public List<Problem> overrideProblems(Collection<SettingKey> keys) {
        Schema own = Optional.ofNullable(applications.get(app))
                .map(Application::schema)
                .orElse(Schema.EMPTY);
        List<Problem> problems = new ArrayList<>();
        for (SettingKey key : keys) {
            if (own.spec(key).secret()) {
                continue;
            }
            for (AppName set : sets) {
                if (applications.get(set).schema().spec(key).secret()) {
                    problems.add(new Problem(
                            key.value(),
                            "is secret in the shared set " + set + "; declare it secret in the" + " schema of " + app
                                    + " to give it a value of its own"));
                    break;
                }
            }
        }
        return problems;
    }

    /** How a value of {@code key} in {@code source} is typed and whether it is secret (see {@link Value#spec()}). */
    public KeySpec spec(Source source, SettingKey key) {
        return spec(applications, app, sets.reversed(), source.holder(), key);
    }

    /**
     * The application's schema with the keys its sets declare added below its own declarations:
     * what its resolved settings are validated, typed and compared with ({@link Drift}).
     */
    public Schema schema() {
        Schema own = Optional.ofNullable(applications.get(app))
                .map(Application::schema)
                .orElse(Schema.EMPTY);
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        sets.forEach(set -> keys.putAll(applications.get(set).schema().keys()));
        keys.putAll(own.keys());
        return own.with(own.description(), own.owners(), keys);
    }

    /** The winning values as stored, without where they come from. */
    public Settings settings() {
        TreeMap<SettingKey, String> plain = new TreeMap<>();
        values.forEach((key, value) -> plain.put(key, value.value()));
        return new Settings(plain);
    }

    /** Keys declared with one type by the application and another by a set it includes. */
    public List<Problem> problems() {
        return problems;
    }
}
