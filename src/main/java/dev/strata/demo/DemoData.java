package dev.strata.demo;

import dev.strata.StrataProperties;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Proposal;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Demo mode ({@code STRATA_DEMO=true}): fills a repository that has no applications yet with three
 * applications and a history of changes by the demo accounts, through the same store as people use.
 * Secret values are sealed like any other before they are committed. The history is spread over the
 * past weeks ({@link DemoClock}), so that time travel, blame and the history's filters have days to tell apart.
 * <p>
 * It seeds once every bean is made and before the web server starts: no request is answered while the
 * clock still dates the past. A request served in that second used to be dated weeks ago: an instance's
 * sighting of it was then older than the 24 hours sightings are kept, and never listed.
 */
@Component
class DemoData implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    static final Author ALICE = new Author("Alice Liddell", "alice@example.com");
    static final Author BOB = new Author("Bob Builder", "bob@example.com");
    static final Author CAROL = new Author("Carol Danvers", "carol@example.com");
    static final Author ADMIN = new Author("Administrator", "admin@example.com");

    /** How many times {@link #seed} moves the clock on: its 26 changes of settings and the review's 2 entries. */
    private static final int STEPS = 31;

    private final ConfigStore store;
    private final ConfigHistory history;
    private final ChangeRequestStore changeRequests;
    private final Secrets secrets;
    private final boolean enabled;
    /** Null when demo mode is off. */
    private final DemoClock clock;

    private Duration step = Duration.ZERO;

    DemoData(
            ConfigStore store,
            ConfigHistory history,
            ChangeRequestStore changeRequests,
            Secrets secrets,
            StrataProperties properties,
            ObjectProvider<DemoClock> clock) {
        this.store = store;
        this.history = history;
        this.changeRequests = changeRequests;
        this.secrets = secrets;
        this.enabled = properties.demo();
        this.clock = clock.getIfAvailable();
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            if (!enabled || !store.snapshot().applications().isEmpty()) {
                return;
            }
            clock.after(history.commit(store.head()).time());
            // two steps of room are left, so that the review's last comment is a day or two old
            step = Duration.between(clock.instant(), Instant.now()).dividedBy(STEPS + 2);
            seed();
        } finally {
            if (clock != null) {
                clock.seeded();
            }
        }
        log.info(
                "Demo data: 3 applications and a shared set with history, a change request waiting for review, accounts alice, bob,"
                        + " carol, dave and admin (password 'demo')");
    }

    void seed() {
        // a shared set: one collector endpoint per environment, taken in by payments and checkout
        create(
                "observability",
                "OpenTelemetry settings shared by the services",
                "team-platform",
                true,
                List.of(),
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                                spec(KeyType.URL, null, true, true, "Where traces and metrics are sent"),
                        "OTEL_TRACES_SAMPLER_ARG",
                                spec(KeyType.NUMBER, "0.1", false, false, "Share of requests traced")));
        create(
                "payments",
                "Payment service",
                "team-payments",
                false,
                List.of("observability"),
                Map.of(
                        "server.port", spec(KeyType.INT, "8080", false, false, "HTTP port"),
                        "DATABASE_URL", spec(KeyType.URL, null, true, true, "JDBC URL of the payments database"),
                        "DATABASE_PASSWORD",
                                new KeySpec(KeyType.STRING, null, false, true, true, "Database password", List.of()),
                        "FEATURE_NEW_CHECKOUT", spec(KeyType.BOOL, "false", false, false, "New checkout flow"),
                        "LOG_LEVEL",
                                new KeySpec(
                                        KeyType.ENUM,
                                        "INFO",
                                        false,
                                        false,
                                        false,
                                        "Root log level",
                                        List.of("DEBUG", "INFO", "WARN", "ERROR")),
                        "HTTP_TIMEOUT", spec(KeyType.DURATION, "30s", false, false, "Timeout of outgoing calls")));
        create(
                "checkout",
                "Checkout web front end",
                "team-checkout",
                false,
                List.of("observability"),
                Map.of(
                        "server.port", spec(KeyType.INT, "8080", false, false, "HTTP port"),
                        "PAYMENTS_URL", spec(KeyType.URL, null, true, true, "Where the payment service answers"),
                        "CART_TTL", spec(KeyType.DURATION, "2h", false, false, "How long a cart is kept"),
                        "MAX_ITEMS", spec(KeyType.INT, "50", false, false, "Items allowed in one cart"),
                        "THEME",
                                new KeySpec(
                                        KeyType.JSON,
                                        "{\"primary\":\"#3b5bdb\"}",
                                        false,
                                        false,
                                        false,
                                        "Brand colours",
                                        List.of())));
        create(
                "search",
                "Product search",
                "team-discovery",
                Map.of(
                        "INDEX_URL", spec(KeyType.URL, null, true, true, "OpenSearch endpoint"),
                        "RESULTS_PER_PAGE", spec(KeyType.INT, "20", false, false, "Page size"),
                        "BOOST_RECENT", spec(KeyType.NUMBER, "1.0", false, false, "Weight of recent products"),
                        "SYNONYMS_ENABLED", spec(KeyType.BOOL, "true", false, false, "Expand queries with synonyms")));

        change(
                CAROL,
                "observability",
                "dev",
                "Collector and full tracing in dev",
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://otel-collector.dev.internal:4318",
                        "OTEL_TRACES_SAMPLER_ARG",
                        "1.0"));
        change(
                CAROL,
                "observability",
                "staging",
                "Collector in staging",
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.staging.internal:4318"));
        change(
                CAROL,
                "observability",
                "production",
                "Collector in production",
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel-collector.internal:4318"));
        change(
                ALICE,
                "payments",
                "dev",
                "First settings for payments in dev",
                Map.of(
                        "DATABASE_URL",
                        "jdbc:postgresql://db.dev:5432/payments",
                        "LOG_LEVEL",
                        "DEBUG",
                        "server.port",
                        "8080"));
        change(
                CAROL,
                "payments",
                "staging",
                "Payments in staging",
                Map.of("DATABASE_URL", "jdbc:postgresql://db.staging:5432/payments", "LOG_LEVEL", "INFO"));
        change(
                CAROL,
                "payments",
                "production",
                "Payments in production",
                Map.of(
                        "DATABASE_URL",
                        "jdbc:postgresql://db.prod:5432/payments",
                        "LOG_LEVEL",
                        "WARN",
                        "HTTP_TIMEOUT",
                        "10s"));
        change(ALICE, "payments", "dev", "Try the new checkout flow in dev", Map.of("FEATURE_NEW_CHECKOUT", "true"));
        change(ALICE, "payments", "dev", "Shorter timeout to surface slow calls", Map.of("HTTP_TIMEOUT", "5s"));
        change(
                ALICE,
                "payments",
                "staging",
                "New checkout flow for the QA round",
                Map.of("FEATURE_NEW_CHECKOUT", "true"));
        change(CAROL, "payments", "dev", "Back to 10s: 5s broke refunds", Map.of("HTTP_TIMEOUT", "10s"));

        change(
                ALICE,
                "checkout",
                "dev",
                "Checkout in dev",
                Map.of("PAYMENTS_URL", "http://payments.dev.internal:8080", "MAX_ITEMS", "100", "CART_TTL", "30m"));
        change(
                CAROL,
                "checkout",
                "staging",
                "Checkout in staging",
                Map.of("PAYMENTS_URL", "http://payments.staging.internal:8080", "MAX_ITEMS", "100"));
        change(
                CAROL,
                "checkout",
                "production",
                "Checkout in production",
                Map.of("PAYMENTS_URL", "https://payments.internal", "MAX_ITEMS", "50", "CART_TTL", "2h"));
        change(ALICE, "checkout", "dev", "Try the darker brand colour", Map.of("THEME", "{\"primary\":\"#1c2d7a\"}"));
        change(ALICE, "checkout", "dev", "Carts up to 200 items for the bulk-order test", Map.of("MAX_ITEMS", "200"));
        change(ALICE, "checkout", "staging", "Same cart TTL as dev for QA", Map.of("CART_TTL", "30m"));

        change(
                CAROL,
                "search",
                "dev",
                "Search in dev",
                Map.of("INDEX_URL", "http://search.dev.internal:9200", "RESULTS_PER_PAGE", "50"));
        change(
                CAROL,
                "search",
                "staging",
                "Search in staging",
                Map.of("INDEX_URL", "http://search.staging.internal:9200"));
        change(
                CAROL,
                "search",
                "production",
                "Search in production",
                Map.of("INDEX_URL", "https://search.internal", "SYNONYMS_ENABLED", "false"));
        change(ALICE, "search", "dev", "Favour new products a little more", Map.of("BOOST_RECENT", "1.5"));
        change(ALICE, "search", "dev", "Favour new products even more", Map.of("BOOST_RECENT", "2.0"));
        change(
                CAROL,
                "search",
                "production",
                "Synonyms back on after the index rebuild",
                Map.of("SYNONYMS_ENABLED", "true"));
        change(ALICE, "search", "staging", "Match dev paging", Map.of("RESULTS_PER_PAGE", "50"));
        change(CAROL, "payments", "production", "Quieter logs in production", Map.of("LOG_LEVEL", "ERROR"));
        change(
                CAROL,
                "payments",
                "production",
                "WARN again: ERROR hid the retry warnings",
                Map.of("LOG_LEVEL", "WARN"));
        change(ALICE, "payments", "dev", "Port 8081 locally clashes less", Map.of("server.port", "8081"));
        change(ALICE, "payments", "dev", "Port back to 8080, the clash is fixed", Map.of("server.port", "8080"));
        change(CAROL, "payments", "dev", "Database password for dev", Map.of("DATABASE_PASSWORD", "dev-only-password"));
        change(
                CAROL,
                "payments",
                "production",
                "Database password for production",
                Map.of("DATABASE_PASSWORD", "demo-production-password"));

        // one review under way: alice proposes dev's cart limit and colours for staging, bob asks
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.PROMOTION,
                new AppName("checkout"),
                new EnvName("dev"),
                new EnvName("staging"),
                "Bulk orders and the darker theme in staging",
                "The bulk-order test passed in dev; QA wants to try it with the new colours.",
                null,
                null);
        var proposal = new Proposal(
                store.head(),
                new TreeMap<>(Map.of(
                        new SettingKey("MAX_ITEMS"), "200", new SettingKey("THEME"), "{\"primary\":\"#1c2d7a\"}")),
                new TreeSet<>());
        clock.advance(step);
        long id =
                changeRequests.open(about, proposal, new Actor("alice", ALICE)).id();
        clock.advance(step);
        changeRequests.append(
                id,
                current -> new ChangeRequestStore.Step(
                        ChangeRequestEvent.Type.COMMENTED,
                        new Actor("bob", BOB),
                        "Do the payment limits allow 200 items per cart?",
                        null,
                        null));
    }

    private static KeySpec spec(
            KeyType type, String defaultValue, boolean required, boolean envSpecific, String description) {
        return new KeySpec(type, defaultValue, required, false, envSpecific, description, List.of());
    }

    private void create(String app, String description, String owner, Map<String, KeySpec> keys) {
        create(app, description, owner, false, List.of(), keys);
    }

    private void create(
            String app,
            String description,
            String owner,
            boolean shared,
            List<String> includes,
            Map<String, KeySpec> keys) {
        TreeMap<SettingKey, KeySpec> specs = new TreeMap<>();
        keys.forEach((key, spec) -> specs.put(new SettingKey(key), spec));
        // the applications are created within an hour of each other, the settings over the weeks after
        clock.advance(Duration.ofMinutes(20));
        store.createApplication(
                new AppName(app),
                new Schema(
                        description,
                        List.of(owner),
                        specs,
                        shared,
                        includes.stream().map(AppName::new).toList()),
                ADMIN,
                (shared ? "Create shared set " : "Create application ") + app);
    }

    private void change(Author author, String app, String env, String message, Map<String, String> values) {
        TreeMap<SettingKey, String> set = new TreeMap<>();
        values.forEach((key, value) -> set.put(new SettingKey(key), value));
        var appName = new AppName(app);
        var envName = new EnvName(env);
        Schema schema = store.snapshot().application(appName).orElseThrow().schema();
        clock.advance(step);
        store.commit(new ChangeSet(
                appName,
                envName,
                secrets.seal(appName, envName, schema, set),
                new TreeSet<>(),
                message,
                author,
                store.head()));
    }
}
