package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient.Answer;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ThrowingRunnable;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What may be written to the repository's files and what happens when one holds something Strata
 * cannot read: sealed-looking values, files over the read limit, symbolic links. Each costs only
 * what it concerns (a key, an application in an environment), and every write path refuses to
 * create one. Against a running Strata with the demo data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class UnreadableContentApiTest {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String TOKEN = "all-token-0123456789abcdef";
    static final String SEALED = "ENC[v1:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: everything
                    sha256: %s
                    scopes: ["*:*"]
                """.formatted(TokenDirectory.sha256(TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    ApiClient api;
    Path gitDir = DATA_DIR.resolve("config.git");

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private static String settings(String app, String env) {
        return "/api/v1/apps/" + app + "/envs/" + env + "/settings";
    }

    private String head(String path) {
        return api.get(path, "carol").json().get("revision").asString();
    }

    private Answer patch(String user, String path, Map<String, ?> set) {
        return api.send("PATCH", path, user, Map.of("baseRevision", head(path), "message", "Change", "set", set));
    }

    private HttpResponse<String> served(String app, String env) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/config/" + app + "/" + env))
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Serving sees a commit made by plain git within moments, not at once: it looks at the head when
     * Strata moves a ref and every 100 ms ({@code ServedHead}).
     */
    private static void eventually(ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(assertion);
    }

    /** The settings file of {@code app} in {@code env} at the head, with {@code values} put in by hand. */
    private String byHand(String app, String env, Map<String, String> values) throws Exception {
        String path = "environments/" + env + "/" + app + ".yaml";
        StringBuilder file = new StringBuilder();
        GitCli.in(gitDir, "show", "main:" + path)
                .lines()
                .filter(line -> values.keySet().stream().noneMatch(key -> line.startsWith(key + ":")))
                .forEach(line -> file.append(line).append('\n'));
        values.forEach(
                (key, value) -> file.append(key).append(": \"").append(value).append("\"\n"));
        return HandMadeCommits.put(gitDir, path, file.toString());
    }

    @Test
    void a_sealed_looking_value_on_a_key_that_is_not_secret_is_refused_by_every_write() {
        Answer patched = patch("alice", settings("payments", "dev"), Map.of("NOTES", SEALED));
        Answer proposed = api.send(
                "POST",
                "/api/v1/change-requests",
                "alice",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        "payments",
                        "target",
                        "staging",
                        "title",
                        "Notes",
                        "set",
                        Map.of("NOTES", SEALED)));

        for (Answer answer : List.of(patched, proposed)) {
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.json().get("details").get("problems").findValuesAsString("subject"))
                    .containsExactly("NOTES");
            assertThat(answer.json().get("message").asString())
                    .contains("NOTES: looks like a sealed secret", "only a key marked secret may hold");
        }
    }

    @Test
    void a_sealed_value_that_does_not_open_is_refused_on_a_secret_key() {
        Answer answer = patch("alice", settings("payments", "dev"), Map.of("DATABASE_PASSWORD", SEALED));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("message").asString())
                .contains("DATABASE_PASSWORD: is a sealed value that cannot be opened here", "enter the plain value");
    }

    @Test
    void an_unreadable_optional_value_costs_only_its_key() throws Exception {
        byHand("payments", "dev", Map.of("NOTES", SEALED, "DATABASE_PASSWORD", SEALED));

        eventually(() -> {
            HttpResponse<String> served = served("payments", "dev");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body())
                    .contains("\"DATABASE_URL\"", "\"LOG_LEVEL\"")
                    .doesNotContain("NOTES", "DATABASE_PASSWORD", "ENC[");
        });

        Answer read = api.get(settings("payments", "dev") + "?reveal=true", "alice");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("settings").get("LOG_LEVEL").asString()).isEqualTo("DEBUG");
        assertThat(read.json().get("settings").get("DATABASE_PASSWORD").asString())
                .isEqualTo("••••••");
        assertThat(read.json().get("unreadable").propertyNames())
                .containsExactlyInAnyOrder("NOTES", "DATABASE_PASSWORD");
        assertThat(read.json().get("unreadable").get("NOTES").asString()).contains("looks like a sealed secret");
        assertThat(read.json().get("error").isNull()).isTrue();
    }

    @Test
    void an_unreadable_required_value_makes_only_its_configuration_unservable_and_names_the_key() throws Exception {
        byHand("payments", "production", Map.of("DATABASE_URL", SEALED));

        eventually(() -> {
            HttpResponse<String> served = served("payments", "production");
            assertThat(served.statusCode()).isEqualTo(500);
            assertThat(served.body())
                    .contains("secret_unreadable", "The required key DATABASE_URL of payments in production");
        });
        assertThat(served("checkout", "production").statusCode()).isEqualTo(200);
    }

    @Test
    void a_change_that_would_make_a_file_larger_than_strata_reads_is_refused_naming_the_limit() {
        Map<String, String> half = new LinkedHashMap<>();
        Map<String, String> more = new LinkedHashMap<>();
        for (int i = 0; i < 35; i++) {
            // Digits and spaces: no credential check ever scans long runs of them
            half.put("BLOB_" + i, "1 ".repeat(32_500));
            more.put("BLOB_" + (35 + i), "2 ".repeat(32_500));
        }
        assertThat(patch("alice", settings("search", "dev"), half).status()).isEqualTo(200);

        Answer answer = patch("alice", settings("search", "dev"), more);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("message").asString())
                .contains("environments/dev/search.yaml: would be 45", "over the limit of 4194304 bytes (4 MiB)");
        assertThat(api.get(settings("search", "dev"), "bob").json().get("error").isNull())
                .isTrue();
    }

    @Test
    void an_admin_reverts_a_commit_that_left_a_settings_file_too_large_to_read() throws Exception {
        String before = GitCli.in(gitDir, "show", "main:environments/production/search.yaml");
        String tooLarge = byHand("search", "production", Map.of("BLOB", "x".repeat(4_300_000)));
        assertThat(api.get(settings("search", "production"), "bob")
                        .json()
                        .get("error")
                        .asString())
                .contains("at most 4194304 are read");
        eventually(() -> assertThat(served("search", "production").statusCode()).isEqualTo(503));
        assertThat(served("checkout", "production").statusCode()).isEqualTo(200);

        Answer byAlice = api.send("POST", "/api/v1/history/" + tooLarge + "/revert", "alice", "{}");
        Answer byAdmin = api.send("POST", "/api/v1/history/" + tooLarge + "/revert", "admin", "{}");

        assertThat(byAlice.status()).isEqualTo(403);
        assertThat(byAdmin.status()).isEqualTo(200);
        String revision = byAdmin.json().get("revision").asString();
        assertThat(GitCli.in(gitDir, "show", revision + ":environments/production/search.yaml"))
                .isEqualTo(before);
        assertThat(GitCli.in(gitDir, "log", "-1", "--format=%an%n%B", revision))
                .contains("Administrator", "This reverts commit " + tooLarge);
        assertThat(api.get(settings("search", "production"), "bob")
                        .json()
                        .get("error")
                        .isNull())
                .isTrue();
        assertThat(served("search", "production").statusCode()).isEqualTo(200);
    }

    @Test
    void a_symbolic_link_in_place_of_a_settings_file_is_shown_as_its_error_and_the_others_still_work(CapturedOutput log)
            throws Exception {
        HandMadeCommits.put(
                gitDir,
                "environments/staging/search.yaml",
                FileMode.SYMLINK,
                "../../strata.yaml".getBytes(StandardCharsets.UTF_8));

        Answer read = api.get(settings("search", "staging"), "bob");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("error").asString()).contains("environments/staging/search.yaml is a symbolic link");
        eventually(() -> {
            HttpResponse<String> served = served("search", "staging");
            assertThat(served.statusCode()).isEqualTo(503);
            assertThat(served.body())
                    .as("what to repair, not a busy store to try again")
                    .contains("config_unreadable", "environments/staging/search.yaml is a symbolic link");
        });
        assertThat(log.getAll())
                .as("a client polling it must not fill the log with stack traces")
                .doesNotContain(" ERROR ")
                .doesNotContain("\tat dev.strata");
        assertThat(api.get(settings("checkout", "staging"), "bob")
                        .json()
                        .get("error")
                        .isNull())
                .isTrue();
        assertThat(served("checkout", "staging").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/apps", "bob").status()).isEqualTo(200);
    }
}
