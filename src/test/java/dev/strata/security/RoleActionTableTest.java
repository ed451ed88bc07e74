package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.TestDataDirectories;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.Pipeline;
import dev.strata.config.Proposal;
import dev.strata.config.SettingKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * PRODUCT.md's role table over the real HTTP API: every kind of caller against every action, each
 * answered with exactly 2xx, 401 or 403 (or 409 for a merge the caller may make but that lacks
 * approvals). Denials come from the services, so the same rules hold in the UI. The demo's payments
 * is owned by team-payments, checkout by team-checkout: the team callers' own and a foreign application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
class RoleActionTableTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String TOKEN = "table-token-0123456789abcdef";
    static final String PASSWORD = "table-password";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
        StringBuilder users = new StringBuilder("users:\n");
        for (Caller caller : Caller.values()) {
            if (caller.roles != null) {
                users.append("  - username: ")
                        .append(caller.username())
                        .append('\n')
                        .append("    password: \"")
                        .append(hash)
                        .append("\"\n")
                        .append("    roles: [")
                        .append(caller.roles)
                        .append("]\n")
                        .append(caller.roles.contains("@team-payments") ? "    teams: [team-payments]\n" : "");
            }
        }
        Files.writeString(DATA_DIR.resolve("users.yaml"), users);
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-everywhere
                    sha256: %s
                    scopes: ["payments:*"]
                """.formatted(TokenDirectory.sha256(TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    enum Caller {
        ANONYMOUS(null),
        READER(""),
        DEV_EDITOR("editor:dev"),
        EDITOR_EVERYWHERE("\"editor:*\""),
        STAGING_APPROVER("approver:staging"),
        ADMIN("admin"),
        API_TOKEN(null),
        PAYMENTS_EDITOR("\"editor:*@team-payments\""),
        PAYMENTS_APPROVER("\"approver:*@team-payments\"");

        final String roles;

        Caller(String roles) {
            this.roles = roles;
        }

        String username() {
            return name().toLowerCase().replace('_', '-');
        }

        String authorization() {
            return switch (this) {
                case ANONYMOUS -> null;
                case API_TOKEN -> "Bearer " + TOKEN;
                default ->
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((username() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            };
        }
    }

    enum Action {
        LIST_APPS,
        CREATE_APP,
        READ_SETTINGS,
        REVEAL_SECRETS,
        PATCH_DEV,
        PATCH_PROTECTED_STAGING,
        HISTORY,
        REVERT_IN_DEV,
        EXPORT_HISTORY,
        SERVE_CONFIG,
        ACTUATOR,
        LIST_CHANGE_REQUESTS,
        PROMOTE_INTO_STAGING,
        COMMENT_ON_CHANGE_REQUEST,
        APPROVE_STAGING_CHANGE_REQUEST,
        MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST,
        CLOSE_STAGING_CHANGE_REQUEST,
        EDIT_SCHEMA,
        // the same on checkout, owned by team-checkout
        FOREIGN_REVEAL_SECRETS,
        FOREIGN_PATCH_DEV,
        FOREIGN_REVERT_IN_DEV,
        FOREIGN_PROMOTE_INTO_STAGING,
        FOREIGN_APPROVE_STAGING_CHANGE_REQUEST,
        FOREIGN_MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST,
        FOREIGN_CLOSE_STAGING_CHANGE_REQUEST,
        FOREIGN_EDIT_SCHEMA
    }

    /** The expected status per caller, in the order of {@link Caller}. */
    private static final Map<Action, List<Integer>> TABLE = Map.ofEntries(
            // anonymous, reader, editor:dev, editor:*, approver:staging, admin, token, editor:*@team-payments,
            // approver:*@team-payments
            Map.entry(Action.LIST_APPS, List.of(401, 200, 200, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.CREATE_APP, List.of(401, 403, 403, 403, 403, 201, 401, 403, 403)),
            Map.entry(Action.READ_SETTINGS, List.of(401, 200, 200, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.REVEAL_SECRETS, List.of(401, 403, 200, 200, 403, 403, 401, 200, 403)),
            Map.entry(Action.PATCH_DEV, List.of(401, 403, 200, 200, 403, 403, 401, 200, 403)),
            Map.entry(Action.PATCH_PROTECTED_STAGING, List.of(401, 403, 403, 403, 403, 403, 401, 403, 403)),
            Map.entry(Action.HISTORY, List.of(401, 200, 200, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.REVERT_IN_DEV, List.of(401, 403, 200, 200, 403, 403, 401, 200, 403)),
            Map.entry(Action.EXPORT_HISTORY, List.of(401, 200, 200, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.SERVE_CONFIG, List.of(401, 401, 401, 401, 401, 401, 200, 401, 401)),
            Map.entry(Action.ACTUATOR, List.of(401, 403, 403, 403, 403, 200, 403, 403, 403)),
            Map.entry(Action.LIST_CHANGE_REQUESTS, List.of(401, 200, 200, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.PROMOTE_INTO_STAGING, List.of(401, 403, 403, 201, 403, 403, 401, 201, 403)),
            Map.entry(Action.COMMENT_ON_CHANGE_REQUEST, List.of(401, 201, 201, 201, 201, 201, 401, 201, 201)),
            Map.entry(Action.APPROVE_STAGING_CHANGE_REQUEST, List.of(401, 403, 403, 403, 200, 403, 401, 403, 200)),
            Map.entry(
                    Action.MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST,
                    List.of(401, 403, 403, 409, 409, 403, 401, 409, 409)),
            Map.entry(Action.CLOSE_STAGING_CHANGE_REQUEST, List.of(401, 403, 403, 200, 200, 200, 401, 200, 200)),
            Map.entry(Action.EDIT_SCHEMA, List.of(401, 403, 403, 403, 403, 200, 401, 200, 403)),
            Map.entry(Action.FOREIGN_REVEAL_SECRETS, List.of(401, 403, 200, 200, 403, 403, 401, 403, 403)),
            Map.entry(Action.FOREIGN_PATCH_DEV, List.of(401, 403, 200, 200, 403, 403, 401, 403, 403)),
            Map.entry(Action.FOREIGN_REVERT_IN_DEV, List.of(401, 403, 200, 200, 403, 403, 401, 403, 403)),
            Map.entry(Action.FOREIGN_PROMOTE_INTO_STAGING, List.of(401, 403, 403, 201, 403, 403, 401, 403, 403)),
            Map.entry(
                    Action.FOREIGN_APPROVE_STAGING_CHANGE_REQUEST,
                    List.of(401, 403, 403, 403, 200, 403, 401, 403, 403)),
            Map.entry(
                    Action.FOREIGN_MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST,
                    List.of(401, 403, 403, 409, 409, 403, 401, 403, 403)),
            Map.entry(
                    Action.FOREIGN_CLOSE_STAGING_CHANGE_REQUEST, List.of(401, 403, 403, 200, 200, 200, 401, 403, 403)),
            Map.entry(Action.FOREIGN_EDIT_SCHEMA, List.of(401, 403, 403, 403, 403, 200, 401, 403, 403)));

    static List<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Action action : Action.values()) {
            for (Caller caller : Caller.values()) {
                rows.add(Arguments.of(caller, action, TABLE.get(action).get(caller.ordinal())));
            }
        }
        return rows;
    }

    private static final AtomicInteger unique = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    ChangeRequestStore changeRequests;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0} {1} → {2}")
    @MethodSource("table")
    void every_caller_gets_exactly_what_the_role_table_allows(Caller caller, Action action, int expected)
            throws Exception {
        HttpResponse<String> response = switch (action) {
            case LIST_APPS -> send(caller, "GET", "/api/v1/apps", null);
            case CREATE_APP ->
                send(
                        caller,
                        "POST",
                        "/api/v1/apps",
                        Map.of("name", "table-app-" + unique.incrementAndGet(), "description", "made by the table"));
            case READ_SETTINGS -> send(caller, "GET", settings("dev"), null);
            case REVEAL_SECRETS -> send(caller, "GET", settings("dev") + "?reveal=true", null);
            case PATCH_DEV -> patch(caller, "payments", "dev");
            case PATCH_PROTECTED_STAGING -> patch(caller, "payments", "staging");
            case HISTORY -> send(caller, "GET", "/api/v1/history?app=payments", null);
            case REVERT_IN_DEV -> send(caller, "POST", "/api/v1/history/" + commitInDev("payments") + "/revert", null);
            case EXPORT_HISTORY -> send(caller, "GET", "/api/v1/history/export?format=json&app=payments", null);
            case SERVE_CONFIG -> send(caller, "GET", "/api/v1/config/payments/dev", null);
            case ACTUATOR -> send(caller, "GET", "/actuator/info", null);
            case LIST_CHANGE_REQUESTS -> send(caller, "GET", "/api/v1/change-requests", null);
            case PROMOTE_INTO_STAGING ->
                send(
                        caller,
                        "POST",
                        "/api/v1/change-requests",
                        Map.of(
                                "kind",
                                "promotion",
                                "app",
                                "payments",
                                "target",
                                "staging",
                                "title",
                                "table " + caller));
            case COMMENT_ON_CHANGE_REQUEST ->
                send(
                        caller,
                        "POST",
                        "/api/v1/change-requests/" + aliceProposes() + "/comments",
                        Map.of("text", "a comment by " + caller));
            case APPROVE_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes() + "/approvals", null);
            case MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes("payments") + "/merge", null);
            case CLOSE_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes("payments") + "/close", null);
            case EDIT_SCHEMA -> editSchema(caller, "payments");
            case FOREIGN_REVEAL_SECRETS ->
                send(caller, "GET", "/api/v1/apps/checkout/envs/dev/settings?reveal=true", null);
            case FOREIGN_PATCH_DEV -> patch(caller, "checkout", "dev");
            case FOREIGN_REVERT_IN_DEV ->
                send(caller, "POST", "/api/v1/history/" + commitInDev("checkout") + "/revert", null);
            case FOREIGN_PROMOTE_INTO_STAGING ->
                send(
                        caller,
                        "POST",
                        "/api/v1/change-requests",
                        Map.of(
                                "kind",
                                "promotion",
                                "app",
                                "checkout",
                                "target",
                                "staging",
                                "title",
                                "table " + caller));
            case FOREIGN_APPROVE_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes("checkout") + "/approvals", null);
            case FOREIGN_MERGE_UNAPPROVED_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes("checkout") + "/merge", null);
            case FOREIGN_CLOSE_STAGING_CHANGE_REQUEST ->
                send(caller, "POST", "/api/v1/change-requests/" + aliceProposes("checkout") + "/close", null);
            case FOREIGN_EDIT_SCHEMA -> editSchema(caller, "checkout");
        };

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).contains(expected == 401 ? "\"unauthorized\"" : "\"forbidden\"");
        }
    }

    @Test
    void with_owner_approval_required_only_an_owning_team_members_approval_unblocks_the_merge() throws Exception {
        Pipeline before = store.snapshot().pipeline();
        var environments = new ArrayList<EnvironmentPolicy>();
        before.environments()
                .forEach(policy -> environments.add(
                        policy.name().value().equals("staging")
                                ? new EnvironmentPolicy(policy.name(), true, 1, true)
                                : policy));
        store.savePipeline(
                new Pipeline(environments),
                new Author("Administrator", "admin@example.com"),
                "Owners approve staging",
                store.head());
        try {
            long id = aliceProposes("payments");
            String merge = "/api/v1/change-requests/" + id + "/merge";

            assertThat(send(Caller.STAGING_APPROVER, "POST", "/api/v1/change-requests/" + id + "/approvals", null)
                            .statusCode())
                    .isEqualTo(200);
            var blocked = send(Caller.EDITOR_EVERYWHERE, "POST", merge, null);
            assertThat(blocked.statusCode()).isEqualTo(409);
            assertThat(blocked.body()).contains("staging requires an approval from a member of team-payments");

            assertThat(send(Caller.PAYMENTS_APPROVER, "POST", "/api/v1/change-requests/" + id + "/approvals", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(Caller.EDITOR_EVERYWHERE, "POST", merge, null).statusCode())
                    .isEqualTo(200);
        } finally {
            store.savePipeline(before, new Author("Administrator", "admin@example.com"), "Back", store.head());
        }
    }

    private static String settings(String env) {
        return "/api/v1/apps/payments/envs/" + env + "/settings";
    }

    private HttpResponse<String> patch(Caller caller, String app, String env) throws Exception {
        return send(
                caller,
                "PATCH",
                "/api/v1/apps/" + app + "/envs/" + env + "/settings",
                Map.of(
                        "baseRevision",
                        store.head().id(),
                        "message",
                        "table " + caller,
                        "set",
                        Map.of("HTTP_TIMEOUT", unique.incrementAndGet() + "s")));
    }

    /** Puts the schema of {@code app} back with another description: owners and keys stay as they are. */
    private HttpResponse<String> editSchema(Caller caller, String app) throws Exception {
        var schema =
                store.snapshot().application(new AppName(app)).orElseThrow().schema();
        Map<String, Object> keys = new TreeMap<>();
        schema.keys().forEach((key, spec) -> {
            Map<String, Object> body = new TreeMap<>(Map.of(
                    "type",
                    spec.type().schemaName(),
                    "required",
                    spec.required(),
                    "secret",
                    spec.secret(),
                    "envSpecific",
                    spec.envSpecific(),
                    "values",
                    spec.values()));
            if (spec.defaultValue() != null) {
                body.put("default", spec.defaultValue());
            }
            if (spec.description() != null) {
                body.put("description", spec.description());
            }
            keys.put(key.value(), body);
        });
        return send(
                caller,
                "PUT",
                "/api/v1/apps/" + app + "/schema",
                Map.of(
                        "baseRevision",
                        store.head().id(),
                        "message",
                        "table " + caller,
                        "description",
                        "described by " + caller + " " + unique.incrementAndGet(),
                        "owners",
                        schema.owners(),
                        "keys",
                        keys));
    }

    private String commitInDev(String app) {
        var set = new TreeMap<SettingKey, String>(
                Map.of(new SettingKey("LOG_LEVEL"), unique.incrementAndGet() % 2 == 0 ? "WARN" : "ERROR"));
        return store.commit(new ChangeSet(
                        new AppName(app),
                        new EnvName("dev"),
                        set,
                        new TreeSet<>(),
                        "to be reverted",
                        new Author("Alice Liddell", "alice@example.com"),
                        store.head()))
                .revision()
                .id();
    }

    /** A change request into staging by alice, someone none of the callers is. */
    private long aliceProposes() {
        return aliceProposes("payments");
    }

    private long aliceProposes(String app) {
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.EDIT, new AppName(app), null, new EnvName("staging"), "table", "", null, null);
        var proposal = new Proposal(
                store.head(), new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "ERROR")), new TreeSet<>());
        return changeRequests
                .open(about, proposal, new Actor("alice", new Author("Alice Liddell", "alice@example.com")))
                .id();
    }

    private HttpResponse<String> send(Caller caller, String method, String path, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (caller.authorization() != null) {
            request.header("Authorization", caller.authorization());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
