package dev.strata;

import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.secrets.Secrets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * New applications as the demo leaves one of its own: the same schema (owners, includes, secret keys)
 * and the values of each environment, secrets sealed again for the copy. A test that changes an
 * application's settings or schema works on a copy, so that it can share one Strata with the classes
 * that read the demo's applications as they are.
 */
public final class DemoCopies {

    private static final Author ADMIN = new Author("Administrator", "admin@example.com");
    /** One count for the whole JVM: the classes sharing a Strata never get the same name. */
    private static final AtomicInteger COPIES = new AtomicInteger();

    private final ConfigStore store;
    private final Secrets secrets;

    public DemoCopies(ConfigStore store, Secrets secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    /** A copy of the demo's {@code app} under a new name that starts with it, one commit per environment. */
    public AppName copy(String app) {
        return copy(
                app,
                store.snapshot().application(new AppName(app)).orElseThrow().schema());
    }

    /**
     * A copy of the demo's {@code app} that takes in {@code setCopy} where the demo's takes in the shared
     * set {@code set}: a class that changes a shared set changes a copy of it, seen through copies.
     */
    public AppName copyTakingIn(String app, String set, AppName setCopy) {
        Schema schema =
                store.snapshot().application(new AppName(app)).orElseThrow().schema();
        List<AppName> includes = schema.includes().stream()
                .map(included -> included.value().equals(set) ? setCopy : included)
                .toList();
        return copy(app, new Schema(schema.description(), schema.owners(), schema.keys(), schema.shared(), includes));
    }

    private AppName copy(String app, Schema schema) {
        AppName original = new AppName(app);
        ConfigSnapshot snapshot = store.snapshot();
        AppName copy = create(app, schema);
        for (EnvName env : snapshot.pipeline().names()) {
            Settings opened = secrets.openAll(original, env, schema, snapshot.settings(original, env));
            if (!opened.isEmpty()) {
                commit(copy, env, ADMIN, "Copy " + app + " in " + env.value(), opened.values());
            }
        }
        return copy;
    }

    /** An application named {@code prefix} and a number, with {@code schema} and no settings yet. */
    public AppName create(String prefix, Schema schema) {
        AppName app = new AppName(prefix + "-" + COPIES.incrementAndGet());
        store.createApplication(app, schema, ADMIN, "Create application " + app.value());
        return app;
    }

    /** Commits {@code values} (plain text: secret keys are sealed here) into {@code env} of {@code app}. */
    public void commit(AppName app, EnvName env, Author author, String message, Map<SettingKey, String> values) {
        Schema schema = store.snapshot().application(app).orElseThrow().schema();
        store.commit(new ChangeSet(
                app,
                env,
                secrets.seal(app, env, schema, new TreeMap<>(values)),
                new TreeSet<>(),
                message,
                author,
                store.head()));
    }
}
