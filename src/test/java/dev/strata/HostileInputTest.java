package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strata.ApiClient.Answer;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.ApplicationsService;
import dev.strata.editing.SettingsTransfer;
import dev.strata.formats.FileFormat;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithUserDetails;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every way in for a person or a Git host, fed 64 KiB of what makes careless parsers and regular
 * expressions slow: each request must be answered, with a 2xx or a 4xx, never a 5xx, and none may hang.
 * The bound below only catches a hang or catastrophic backtracking; how fast hostile input is answered
 * (issue #16 asks for a second) is no assertion of a test, but a measure for {@code bench/}. Each kind of
 * request is made once with ordinary input first: the first one loads classes and compiles code whatever
 * its input, and the bound is about the input.
 * Webhook bodies need a remote; {@code RemoteApiTest} feeds them the same texts.
 */
@ApiTest
@FreshDataDirectory
class HostileInputTest {

    private static final int KIB_64 = HostileInputs.SIZE;
    private static final Map<String, String> HOSTILE = HostileInputs.all();
    /**
     * Against catastrophic backtracking and quadratic checks (one took 42 s on one value), not a speed to
     * keep: five seconds leave that margin while a shared two-core CI machine runs the rest of the suite.
     */
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** 64 KiB of words: what the first request of a kind is made with, to load and compile what big input needs. */
    private static final String ORDINARY = "lorem ipsum dolor sit amet ".repeat(KIB_64 / 27);

    private static final String DEV = "/api/v1/apps/payments/envs/dev/settings";

    @LocalServerPort
    int port;

    @Autowired
    SettingsTransfer transfer;

    @Autowired
    ApplicationsService applications;

    @Autowired
    ConfigStore store;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** Runs one request or call, signed in as the test is, and fails it when it takes longer than the bound. */
    private <T> T withinTheBound(String what, ThrowingSupplier<T> action) {
        SecurityContext signedIn = SecurityContextHolder.getContext();
        return assertTimeoutPreemptively(
                BOUND,
                () -> {
                    SecurityContextHolder.setContext(signedIn);
                    try {
                        return action.get();
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                },
                what + " took more than " + BOUND.toMillis() + " ms");
    }

    /** A request answered within the bound with a 2xx or a 4xx. */
    private Answer answered(String what, String method, String path, String user, Object body) {
        Answer answer = withinTheBound(what, () -> api.send(method, path, user, body));
        assertThat(answer.status()).as(what + " answered " + answer.body()).isBetween(200, 499);
        return answer;
    }

    private String head(String path) {
        return api.get(path, "alice").json().get("revision").asString();
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void patched_values_and_keys_are_answered_without_hanging() {
        api.send(
                "PATCH",
                DEV,
                "alice",
                Map.of("baseRevision", head(DEV), "message", "Warm up", "set", Map.of("HOSTILE_TOKEN_0", ORDINARY)));
        int i = 0;
        for (var hostile : HOSTILE.entrySet()) {
            String value = hostile.getValue();
            String base = head(DEV);
            i++;
            // a name that makes the credential check look at the value as closely as it can
            Answer committed = answered(
                    "a value of " + hostile.getKey(),
                    "PATCH",
                    DEV,
                    "alice",
                    Map.of(
                            "baseRevision",
                            base,
                            "message",
                            "Hostile value " + i,
                            "set",
                            Map.of("HOSTILE_TOKEN_" + i, value)));
            assertThat(committed.status()).as(committed.body()).isEqualTo(200);
            // these are refused, so the base they name need not be the newest
            answered(
                    "typed values of " + hostile.getKey(),
                    "PATCH",
                    DEV,
                    "alice",
                    Map.of(
                            "baseRevision",
                            base,
                            "message",
                            "Typed",
                            "set",
                            Map.of(
                                    "server.port",
                                    value,
                                    "DATABASE_URL",
                                    value,
                                    "LOG_LEVEL",
                                    value,
                                    "HTTP_TIMEOUT",
                                    value)));
            answered(
                    "a number or JSON of " + hostile.getKey(),
                    "PATCH",
                    "/api/v1/apps/checkout/envs/dev/settings",
                    "alice",
                    Map.of(
                            "baseRevision",
                            base,
                            "message",
                            "Typed",
                            "set",
                            Map.of("THEME", value, "MAX_ITEMS", value)));
            answered(
                    "keys of " + hostile.getKey(),
                    "PATCH",
                    DEV,
                    "alice",
                    Map.of(
                            "baseRevision",
                            base,
                            "message",
                            "Hostile keys",
                            "set",
                            Map.of(value, "x"),
                            "unset",
                            List.of(value)));
            answered(
                    "a message of " + hostile.getKey(),
                    "PATCH",
                    DEV,
                    "alice",
                    Map.of("baseRevision", base, "message", value, "set", Map.of("HOSTILE_MESSAGE", "x" + i)));
        }
        Answer tooLong = answered(
                "a value over 64 KiB",
                "PATCH",
                DEV,
                "alice",
                Map.of(
                        "baseRevision",
                        head(DEV),
                        "message",
                        "Too long",
                        "set",
                        Map.of("HOSTILE_TOKEN", "a".repeat(KIB_64 + 1))));
        assertThat(tooLong.status()).isEqualTo(422);
    }

    @Test
    @WithUserDetails("alice")
    void imports_of_every_format_are_read_without_hanging() {
        AppName app = new AppName("payments");
        EnvName dev = new EnvName("dev");
        for (FileFormat format : FileFormat.values()) {
            transfer.previewImport(app, dev, format, "{}", false);
        }
        for (var hostile : HOSTILE.entrySet()) {
            String value = hostile.getValue();
            String quoted = "\""
                    + value.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n")
                            .replace("\t", "\\t") + "\"";
            Map<FileFormat, List<String>> texts = Map.of(
                    FileFormat.ENV, List.of(value, "HOSTILE_TOKEN=" + value, "HOSTILE_TOKEN=" + quoted, value + "=x"),
                    FileFormat.PROPERTIES, List.of(value, "hostile.token=" + value, value + "=x"),
                    FileFormat.YAML, List.of(value, "hostile:\n  token: " + value, "hostile: " + quoted, value + ": x"),
                    FileFormat.JSON,
                            List.of(value, "{\"hostile\": {\"token\": " + quoted + "}}", "{" + quoted + ": 1}"));
            texts.forEach((format, variants) -> variants.forEach(text -> withinTheBound(
                    format + " import of " + hostile.getKey(),
                    () -> transfer.previewImport(app, dev, format, text, false))));
        }
    }

    @Test
    void change_requests_and_their_comments_are_answered_without_hanging() {
        String path = "/api/v1/change-requests";
        Answer opened = api.send(
                "POST",
                path,
                "alice",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        "payments",
                        "target",
                        "staging",
                        "title",
                        "Hostile comments",
                        "set",
                        Map.of("LOG_LEVEL", "WARN")));
        long id = opened.json().get("id").asLong();
        api.send(
                "POST",
                path + "/" + id + "/comments",
                "dave",
                Map.of("text", ORDINARY.substring(0, ChangeRequestEvent.MAX_COMMENT_LENGTH)));
        for (var hostile : HOSTILE.entrySet()) {
            String value = hostile.getValue();
            answered(
                    "a title of " + hostile.getKey(),
                    "POST",
                    path,
                    "alice",
                    Map.of(
                            "kind",
                            "edit",
                            "app",
                            "payments",
                            "target",
                            "staging",
                            "title",
                            value,
                            "set",
                            Map.of("LOG_LEVEL", "ERROR")));
            answered(
                    "a description of " + hostile.getKey(),
                    "POST",
                    path,
                    "alice",
                    Map.of(
                            "kind",
                            "edit",
                            "app",
                            "payments",
                            "target",
                            "staging",
                            "title",
                            "Hostile",
                            "description",
                            value,
                            "set",
                            Map.of("LOG_LEVEL", "ERROR")));
            answered(
                    "proposed values of " + hostile.getKey(),
                    "POST",
                    path,
                    "alice",
                    Map.of(
                            "kind",
                            "edit",
                            "app",
                            "payments",
                            "target",
                            "staging",
                            "title",
                            "Hostile",
                            "set",
                            Map.of("HTTP_TIMEOUT", value, "HOSTILE_TOKEN", value)));
            answered(
                    "a comment of " + hostile.getKey(),
                    "POST",
                    path + "/" + id + "/comments",
                    "dave",
                    Map.of("text", value));
            answered(
                    "a comment of the longest " + hostile.getKey(),
                    "POST",
                    path + "/" + id + "/comments",
                    "dave",
                    Map.of("text", value.substring(0, ChangeRequestEvent.MAX_COMMENT_LENGTH)));
        }
        answered("the change request with its comments", "GET", path + "/" + id, "bob", null);
    }

    @Test
    void schema_descriptions_are_answered_without_hanging() {
        String path = "/api/v1/apps/search/schema";
        var warm = (ObjectNode) api.get(path, "admin").json();
        warm.put("baseRevision", warm.get("revision").asString());
        warm.remove("revision");
        warm.put("message", "Warm up");
        warm.put("description", ORDINARY);
        api.send("PUT", path, "admin", warm);
        for (var hostile : HOSTILE.entrySet()) {
            String value = hostile.getValue();
            var read = api.get(path, "admin").json();
            ObjectNode body = (ObjectNode) read.deepCopy();
            body.put("baseRevision", read.get("revision").asString());
            body.remove("revision");
            body.put("message", "Hostile descriptions");
            body.put("description", value);
            ((ObjectNode) body.get("keys").get("INDEX_URL")).put("description", value);
            answered("descriptions of " + hostile.getKey(), "PUT", path, "admin", body);
            ((ObjectNode) body.get("keys").get("RESULTS_PER_PAGE")).put("default", value);
            answered("a default of " + hostile.getKey(), "PUT", path, "admin", body);
            answered("the schema with " + hostile.getKey(), "GET", path, "bob", null);
        }
        assertThat(api.get("/api/v1/apps", "bob").status())
                .as("the overview shows the descriptions")
                .isEqualTo(200);
    }

    @Test
    @WithUserDetails("bob")
    void searches_are_answered_without_hanging() {
        var set = new TreeMap<SettingKey, String>();
        int i = 0;
        for (String value : HOSTILE.values()) {
            set.put(new SettingKey("HOSTILE_" + ++i), value);
        }
        store.commit(new ChangeSet(
                new AppName("search"),
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "Hostile values",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        for (var hostile : HOSTILE.entrySet()) {
            String value = hostile.getValue();
            String longest = value.substring(0, ApplicationsService.MAX_SEARCH_LENGTH - 1) + "!";
            withinTheBound("a search for " + hostile.getKey(), () -> applications.search(longest));
            if (value.strip().length() > ApplicationsService.MAX_SEARCH_LENGTH) {
                assertThatThrownBy(() -> withinTheBound(
                                "a search for all of " + hostile.getKey(), () -> applications.search(value)))
                        .isInstanceOf(ValidationException.class);
            }
        }
    }

    @Test
    void history_filters_and_messages_are_answered_without_hanging() {
        api.get("/api/v1/history?author=warm", "bob");
        for (var hostile : HOSTILE.entrySet()) {
            // the longest message a commit may have, whose trailers the history reads
            store.commit(new ChangeSet(
                    new AppName("search"),
                    new EnvName("dev"),
                    new TreeMap<>(Map.of(new SettingKey("HOSTILE_MESSAGE"), hostile.getKey())),
                    new TreeSet<>(),
                    "Hostile message\n" + hostile.getValue().substring(0, ChangeSet.MAX_MESSAGE_LENGTH - 16),
                    new Author("Carol Danvers", "carol@example.com"),
                    store.head()));
            answered("a message of " + hostile.getKey(), "GET", "/api/v1/history?limit=1", "bob", null);
            // Tomcat reads at most 8 KiB of request line and headers; this much, encoded, reaches Strata.
            // Not blank, so that it filters: a blank filter is none, and lists (or exports) all history
            String value = "x" + hostile.getValue().substring(0, 2 * 1024);
            for (String filter : List.of("key", "author", "app", "since", "cursor")) {
                answered(
                        filter + " of " + hostile.getKey(),
                        "GET",
                        "/api/v1/history?limit=1&" + filter + "=" + query(value),
                        "bob",
                        null);
            }
            answered(
                    "an export by author of " + hostile.getKey(),
                    "GET",
                    "/api/v1/history/export?author=" + query(value),
                    "bob",
                    null);
        }
    }
}
