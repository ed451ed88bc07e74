package dev.strata.rollouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.changes.PaymentsCopies;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.TokenDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Gradual rollouts on a running Strata: two instances fetch their configuration, one labelled
 * {@code canary=true}, while a change request is rolled out to it, then completed or aborted. Each
 * test rolls out into a copy of the demo's payments of its own ({@link PaymentsCopies}), so the class
 * shares its Strata with the other {@link ApiTest} classes: its token is one of its own, and it closes
 * every change request it leaves open.
 */
@ApiTest
class RolloutsApiTest {

    static final String CRS = "/api/v1/change-requests";
    static final Map<String, Object> TO_CANARIES = Map.of("rollout", Map.of("labels", Map.of("canary", "true")));
    static String token;

    @BeforeAll
    static void issueToken(@Autowired TokenDirectory tokens) {
        token = tokens.issue("rollouts-everything", List.of("*:*"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiClient api;
    /** This test's copy of payments. */
    private String app;
    /** The change requests this test opened. */
    private final List<Long> changeRequests = new ArrayList<>();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        app = new PaymentsCopies(store, secrets).create().value();
    }

    /** The tests abort their rollouts; what they leave open would be in the lists of the classes that share Strata. */
    @AfterEach
    void closeWhatIsOpen() {
        for (long id : changeRequests) {
            if (api.get(CRS + "/" + id, "bob").json().get("state").asString().equals("open")) {
                assertThat(post(CRS + "/" + id + "/close", "carol", null).status())
                        .isEqualTo(200);
            }
        }
    }

    /** What an instance got: the status, the ETag and the body. */
    record Fetched(int status, String etag, String body) {}

    private HttpRequest.Builder request(String env, String instance, String labels, String etag, String query) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/config/" + app + "/" + env
                        + "?format=properties" + query))
                .header("Authorization", "Bearer " + token);
        if (instance != null) {
            request.header("Strata-Instance", instance);
        }
        if (labels != null) {
            request.header("Strata-Labels", labels);
        }
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return request;
    }

    private Fetched fetch(String env, String instance, String labels, String etag) {
        try {
            var response =
                    http.send(request(env, instance, labels, etag, "").build(), HttpResponse.BodyHandlers.ofString());
            return new Fetched(
                    response.statusCode(), response.headers().firstValue("ETag").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Fetched canary(String env, String etag) {
        return fetch(env, "pay-canary-1", "zone=eu-1,canary=true", etag);
    }

    private Fetched other(String env, String etag) {
        return fetch(env, "pay-web-2", "zone=eu-1", etag);
    }

    /** The {@code version} of the Spring Cloud Config document an instance gets for staging. */
    private String springCloudConfigVersion(String instance, String labels) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/config/" + app + "/staging"))
                .header("Authorization", "Bearer " + token)
                .header("Strata-Instance", instance);
        if (labels != null) {
            request.header("Strata-Labels", labels);
        }
        try {
            String body = http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            return tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(body)
                    .get("version")
                    .asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer post(String path, String user, Object body) {
        return api.send("POST", path, user, body);
    }

    /** A change request by carol setting LOG_LEVEL in {@code env}, approved as that environment needs. */
    private long approvedEdit(String env, String level) {
        Answer opened = post(
                CRS,
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        app,
                        "target",
                        env,
                        "title",
                        "Logs at " + level,
                        "set",
                        Map.of("LOG_LEVEL", level)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        long id = opened.json().get("id").asLong();
        changeRequests.add(id);
        for (String approver : env.equals("production") ? List.of("bob", "dave") : List.of("bob")) {
            assertThat(post(CRS + "/" + id + "/approvals", approver, null).status())
                    .isEqualTo(200);
        }
        return id;
    }

    private Answer merge(long id, String user, Object body) {
        return post(CRS + "/" + id + "/merge", user, body);
    }

    private JsonNode inProgress() {
        Answer list = api.get("/api/v1/rollouts", "bob");
        assertThat(list.status()).isEqualTo(200);
        return list.json();
    }

    private JsonNode rolloutOf(String env) {
        return inProgress()
                .valueStream()
                .filter(r -> r.get("app").asString().equals(app)
                        && r.get("env").asString().equals(env))
                .findFirst()
                .orElse(null);
    }

    private List<String> events(long id) {
        return api.get(CRS + "/" + id, "bob")
                .json()
                .get("events")
                .valueStream()
                .map(e -> e.get("type").asString())
                .toList();
    }

    @Test
    void during_a_rollout_to_canaries_only_the_canary_gets_the_candidate_and_after_complete_both_have_it() {
        Fetched canaryBefore = canary("staging", null);
        Fetched otherBefore = other("staging", null);
        assertThat(canaryBefore.body()).contains("LOG_LEVEL=INFO");
        assertThat(canaryBefore.etag()).isEqualTo(otherBefore.etag());
        String main = store.head().id();

        long id = approvedEdit("staging", "DEBUG");
        Answer started = merge(id, "carol", TO_CANARIES);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("state").asString())
                .as("open until the rollout ends")
                .isEqualTo("open");
        assertThat(store.head().id()).as("main stays").isEqualTo(main);

        Fetched canaryDuring = canary("staging", canaryBefore.etag());
        assertThat(canaryDuring.status()).isEqualTo(200);
        assertThat(canaryDuring.body()).contains("LOG_LEVEL=DEBUG");
        assertThat(canaryDuring.etag()).isNotEqualTo(canaryBefore.etag());
        assertThat(canary("staging", canaryDuring.etag()).status())
                .as("the candidate is the canary's current copy")
                .isEqualTo(304);
        assertThat(other("staging", otherBefore.etag()).status())
                .as("the others keep main")
                .isEqualTo(304);
        assertThat(other("staging", null).body()).contains("LOG_LEVEL=INFO");
        assertThat(fetch("staging", null, "canary=true", null).body())
                .as("an instance that does not name itself gets main")
                .contains("LOG_LEVEL=INFO");

        assertThat(springCloudConfigVersion("pay-canary-1", "canary=true"))
                .as("the Spring Cloud Config endpoint selects alike")
                .isEqualTo(canaryDuring.etag().replace("\"", ""));
        assertThat(springCloudConfigVersion("pay-web-2", null)).isEqualTo(main);

        JsonNode rollout = rolloutOf("staging");
        assertThat(rollout.get("changeRequest").asLong()).isEqualTo(id);
        assertThat(rollout.get("labels").get("canary").asString()).isEqualTo("true");
        assertThat(rollout.get("candidate").asString())
                .isEqualTo(canaryDuring.etag().replace("\"", ""));
        assertThat(rollout.get("base").asString()).isEqualTo(main);
        assertThat(rollout.get("startedBy").asString()).isEqualTo("carol");
        assertThat(api.get(CRS + "/" + id, "bob")
                        .json()
                        .get("comments")
                        .get(0)
                        .get("text")
                        .asString())
                .contains("rollout to canary=true");

        Answer completed = post("/api/v1/rollouts/" + app + "/staging/complete", "bob", null);
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(store.head().id())
                .as("a fast-forward: main did not move meanwhile")
                .isEqualTo(rollout.get("candidate").asString());
        assertThat(canary("staging", canaryDuring.etag()).status())
                .as("the canary has it already")
                .isEqualTo(304);
        Fetched otherAfter = other("staging", otherBefore.etag());
        assertThat(otherAfter.status()).isEqualTo(200);
        assertThat(otherAfter.body()).contains("LOG_LEVEL=DEBUG");
        assertThat(otherAfter.etag()).isEqualTo(canaryDuring.etag());
        assertThat(rolloutOf("staging")).isNull();
        JsonNode review = api.get(CRS + "/" + id, "bob").json();
        assertThat(review.get("state").asString()).isEqualTo("merged");
        assertThat(review.get("mergedRevision").asString())
                .isEqualTo(rollout.get("candidate").asString());
        assertThat(events(id)).containsExactly("opened", "approved", "commented", "merged");
        JsonNode commit = api.get("/api/v1/history?app=" + app + "&env=staging&limit=1", "bob")
                .json()
                .get("entries")
                .get(0);
        assertThat(commit.get("changeRequest").asLong()).isEqualTo(id);
        assertThat(commit.get("message").asString())
                .as("the history says how it reached main")
                .contains("Rolled-out-to: canary=true");
    }

    @Test
    void abort_leaves_everyone_on_the_previous_values_and_the_change_request_open() {
        Fetched before = canary("staging", null);
        long id = approvedEdit("staging", "DEBUG");
        assertThat(merge(id, "carol", TO_CANARIES).status()).isEqualTo(200);
        Fetched during = canary("staging", before.etag());
        assertThat(during.body()).contains("LOG_LEVEL=DEBUG");

        Answer aborted = post("/api/v1/rollouts/" + app + "/staging/abort", "carol", null);
        assertThat(aborted.status()).as(aborted.body()).isEqualTo(200);
        Fetched after = canary("staging", during.etag());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains("LOG_LEVEL=INFO");
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(other("staging", before.etag()).status()).isEqualTo(304);
        assertThat(rolloutOf("staging")).isNull();
        assertThat(api.get(CRS + "/" + id, "bob").json().get("state").asString())
                .isEqualTo("open");
        assertThat(events(id)).containsExactly("opened", "approved", "commented", "commented");
        assertThat(post("/api/v1/rollouts/" + app + "/staging/abort", "carol", null)
                        .status())
                .as("nothing left to abort")
                .isEqualTo(404);
    }

    @Test
    void another_merge_into_the_environment_waits_for_the_rollout_and_says_why() {
        long rolledOut = approvedEdit("staging", "DEBUG");
        assertThat(merge(rolledOut, "carol", TO_CANARIES).status()).isEqualTo(200);
        long next = approvedEdit("staging", "WARN");
        Answer refused = merge(next, "carol", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asString())
                .contains("rollout of change request " + rolledOut)
                .contains("completed or aborted");
        assertThat(merge(next, "carol", Map.of("rollout", Map.of("percent", 10)))
                        .status())
                .isEqualTo(409);
        assertThat(merge(rolledOut, "carol", null).status())
                .as("nor the rolled-out one itself")
                .isEqualTo(409);

        assertThat(post(CRS + "/" + rolledOut + "/close", "carol", null).status())
                .isEqualTo(200);
        Answer closed = post("/api/v1/rollouts/" + app + "/staging/complete", "carol", null);
        assertThat(closed.status())
                .as("a closed change request is not completed")
                .isEqualTo(409);
        assertThat(closed.json().get("message").asString()).contains("abort it");

        assertThat(post("/api/v1/rollouts/" + app + "/staging/abort", "carol", null)
                        .status())
                .isEqualTo(200);
        assertThat(merge(next, "carol", null).status()).isEqualTo(200);
        assertThat(other("staging", null).body()).contains("LOG_LEVEL=WARN");
    }

    @Test
    void completing_after_other_applications_committed_puts_the_change_on_top_of_main() {
        Fetched before = canary("staging", null);
        long id = approvedEdit("staging", "DEBUG");
        assertThat(merge(id, "carol", TO_CANARIES).status()).isEqualTo(200);
        String candidate = rolloutOf("staging").get("candidate").asString();
        store.commit(new ChangeSet(
                new AppName(app),
                new EnvName("dev"),
                new TreeMap<>(Map.of(new SettingKey("HTTP_TIMEOUT"), "30s")),
                new TreeSet<>(),
                "Longer timeout in dev",
                new Author("Alice Liddell", "alice@example.com"),
                store.head()));
        String moved = store.head().id();

        assertThat(post("/api/v1/rollouts/" + app + "/staging/complete", "carol", null)
                        .status())
                .isEqualTo(200);
        assertThat(store.head().id()).isNotEqualTo(candidate);
        assertThat(api.get("/api/v1/history?app=" + app + "&limit=2", "bob")
                        .json()
                        .get("entries")
                        .get(1)
                        .get("revision")
                        .asString())
                .isEqualTo(moved);
        assertThat(other("staging", before.etag()).body()).contains("LOG_LEVEL=DEBUG");
        assertThat(fetch("dev", "pay-web-2", null, null).body()).contains("HTTP_TIMEOUT=30s");
        assertThat(canary("staging", "\"" + candidate + "\"").body()).contains("LOG_LEVEL=DEBUG");
        assertThat(api.get(CRS + "/" + id, "bob").json().get("state").asString())
                .isEqualTo("merged");
    }

    @Test
    void a_waiting_canary_wakes_when_a_rollout_starts_and_a_waiting_other_instance_does_not() throws Exception {
        Fetched before = canary("staging", null);
        CompletableFuture<HttpResponse<String>> canaryWaits = http.sendAsync(
                request("staging", "pay-canary-1", "canary=true", before.etag(), "&wait=30")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> otherWaits = http.sendAsync(
                request("staging", "pay-web-2", null, before.etag(), "&wait=3").build(),
                HttpResponse.BodyHandlers.ofString());
        long id = approvedEdit("staging", "DEBUG");
        assertThat(merge(id, "carol", TO_CANARIES).status()).isEqualTo(200);

        HttpResponse<String> woken = canaryWaits.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(woken.body()).contains("LOG_LEVEL=DEBUG");
        assertThat(otherWaits.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                .isEqualTo(304);
    }

    @Test
    void a_percent_rollout_selects_the_same_instances_on_every_request() {
        long id = approvedEdit("staging", "DEBUG");
        Answer started = merge(id, "carol", Map.of("rollout", Map.of("percent", 50)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String candidate = "\"" + rolloutOf("staging").get("candidate").asString() + "\"";

        Map<String, String> first = new HashMap<>();
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "pay-" + i).toList();
        ids.forEach(instance ->
                first.put(instance, fetch("staging", instance, null, null).etag()));
        ids.forEach(instance -> assertThat(
                        fetch("staging", instance, "zone=eu-2", null).etag())
                .as("the same for %s, whatever its labels", instance)
                .isEqualTo(first.get(instance)));
        List<String> selected = new ArrayList<>(ids.stream()
                .filter(instance -> first.get(instance).equals(candidate))
                .toList());
        assertThat(selected).as("some, not all").isNotEmpty().hasSizeLessThan(ids.size());
        assertThat(selected)
                .isEqualTo(ids.stream()
                        .filter(instance -> Rollout.Selector.bucket(instance) < 50)
                        .toList());
        assertThat(post("/api/v1/rollouts/" + app + "/staging/abort", "carol", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void only_people_who_may_merge_into_the_environment_complete_or_abort_it() {
        long id = approvedEdit("production", "DEBUG");
        assertThat(merge(id, "alice", TO_CANARIES).status())
                .as("alice may not merge into production")
                .isEqualTo(403);
        assertThat(merge(id, "carol", TO_CANARIES).status()).isEqualTo(200);

        assertThat(post("/api/v1/rollouts/" + app + "/production/complete", "alice", null)
                        .status())
                .isEqualTo(403);
        assertThat(post("/api/v1/rollouts/" + app + "/production/abort", "alice", null)
                        .status())
                .isEqualTo(403);
        assertThat(post("/api/v1/rollouts/" + app + "/production/complete", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(rolloutOf("production")).as("still in progress").isNotNull();
        assertThat(post("/api/v1/rollouts/" + app + "/production/abort", "dave", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void hostile_selectors_are_refused_and_start_nothing() {
        long id = approvedEdit("staging", "DEBUG");
        Map<String, String> thousand = new HashMap<>();
        IntStream.range(0, 1_000).forEach(i -> thousand.put("label" + i, "x"));
        List<Object> refused = List.of(
                Map.of("labels", thousand),
                Map.of("percent", 101),
                Map.of("percent", -1),
                Map.of("percent", 0),
                Map.of(),
                Map.of("labels", Map.of()),
                Map.of("labels", Map.of("canary", "true"), "percent", 10),
                Map.of("labels", Map.of("../../main", "true")),
                Map.of("labels", Map.of("canary", "true\nfoo: bar")),
                Map.of("labels", Map.of("canary", "x".repeat(200))));
        for (Object selector : refused) {
            Answer answer = merge(id, "carol", Map.of("rollout", selector));
            assertThat(answer.status()).as("%s: %s", selector, answer.body()).isEqualTo(422);
        }
        Answer huge = merge(id, "carol", Map.of("rollout", Map.of("labels", Map.of("canary", "x".repeat(2_000_000)))));
        assertThat(huge.status()).as("refused unread, by the size of its body").isEqualTo(413);
        assertThat(rolloutOf("staging")).isNull();
        assertThat(api.get(CRS + "/" + id, "bob").json().get("state").asString())
                .isEqualTo("open");
        assertThat(events(id)).containsExactly("opened", "approved");
        assertThat(post("/api/v1/rollouts/" + app + "/..%2Fmain/complete", "carol", null)
                        .status())
                .isIn(400, 404, 422);
    }
}
