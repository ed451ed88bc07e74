package dev.strata.changes;

import dev.strata.DemoCopies;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.util.Map;
import java.util.TreeMap;

/**
 * New applications as the demo leaves payments: its schema and owners, the values of each environment,
 * and production's LOG_LEVEL history (ERROR, then WARN again). A test that changes payments' environments
 * works on a copy of its own, so that the tests of a class share one Strata and still each start from
 * the demo's values. {@link DemoCopies} copies any demo application's current values, without their history.
 */
public final class PaymentsCopies {

    private static final AppName PAYMENTS = new AppName("payments");
    private static final Author ALICE = new Author("Alice Liddell", "alice@example.com");
    private static final Author CAROL = new Author("Carol Danvers", "carol@example.com");

    private final ConfigStore store;
    private final DemoCopies copies;

    public PaymentsCopies(ConfigStore store, Secrets secrets) {
        this.store = store;
        this.copies = new DemoCopies(store, secrets);
    }

    public AppName create() {
        Schema schema = store.snapshot().application(PAYMENTS).orElseThrow().schema();
        AppName app = copies.create(PAYMENTS.value(), schema);
        change(
                app,
                ALICE,
                "dev",
                "Payments in dev",
                Map.of(
                        "DATABASE_URL",
                        "jdbc:postgresql://db.dev:5432/payments",
                        "LOG_LEVEL",
                        "DEBUG",
                        "server.port",
                        "8080",
                        "FEATURE_NEW_CHECKOUT",
                        "true",
                        "HTTP_TIMEOUT",
                        "10s",
                        "DATABASE_PASSWORD",
                        "dev-only-password"));
        change(
                app,
                CAROL,
                "staging",
                "Payments in staging",
                Map.of(
                        "DATABASE_URL",
                        "jdbc:postgresql://db.staging:5432/payments",
                        "LOG_LEVEL",
                        "INFO",
                        "FEATURE_NEW_CHECKOUT",
                        "true"));
        change(
                app,
                CAROL,
                "production",
                "Payments in production",
                Map.of(
                        "DATABASE_URL",
                        "jdbc:postgresql://db.prod:5432/payments",
                        "LOG_LEVEL",
                        "WARN",
                        "HTTP_TIMEOUT",
                        "10s",
                        "DATABASE_PASSWORD",
                        "demo-production-password"));
        change(app, CAROL, "production", "Quieter logs in production", Map.of("LOG_LEVEL", "ERROR"));
        change(app, CAROL, "production", "WARN again: ERROR hid the retry warnings", Map.of("LOG_LEVEL", "WARN"));
        return app;
    }

    private void change(AppName app, Author author, String env, String message, Map<String, String> values) {
        TreeMap<SettingKey, String> set = new TreeMap<>();
        values.forEach((key, value) -> set.put(new SettingKey(key), value));
        copies.commit(app, new EnvName(env), author, message, set);
    }
}
