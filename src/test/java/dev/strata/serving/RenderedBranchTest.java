package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.FreshDataDirectory;
import dev.strata.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Strata with demo data and {@code STRATA_RENDER_BRANCH=rendered}: what Argo CD or Flux would read
 * from the branch, seen with the git command line.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "strata.demo=true",
            "strata.render.branch=rendered",
            "strata.render.url=https://strata.example.com/"
        })
@FreshDataDirectory
@DirtiesContext
class RenderedBranchTest {

    private static final String DEV = "/api/v1/apps/payments/envs/dev/settings";
    private static final Duration RENDERING = Duration.ofSeconds(20);

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private Path git() {
        return dataDir.resolve("config.git");
    }

    private String main() {
        return GitCli.in(git(), "rev-parse", "main").strip();
    }

    private String save(String key, String value) {
        Answer read = api.get(DEV, "alice");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        String head = read.json().get("revision").asString();
        Answer saved = api.send(
                "PATCH",
                DEV,
                "alice",
                Map.of("baseRevision", head, "message", "Set " + key, "set", Map.of(key, value)));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json().get("revision").asString();
    }

    /** Waits until the branch's last commit renders main's head, and answers main's head. */
    static String awaitRendered(Path git) {
        await().atMost(RENDERING)
                .ignoreExceptions()
                .until(() -> GitCli.in(git, "log", "-1", "--format=%s", "rendered")
                        .strip()
                        .equals("Render main@"
                                + GitCli.in(git, "rev-parse", "main").strip()));
        return GitCli.in(git, "rev-parse", "main").strip();
    }

    @Test
    void a_commit_through_the_api_is_followed_by_a_rendered_commit_naming_it_with_the_applications_config_map() {
        String revision = save("HTTP_TIMEOUT", "61s");

        await().atMost(RENDERING)
                .ignoreExceptions()
                .until(() -> GitCli.in(git(), "log", "--format=%s", "rendered").contains("Render main@" + revision));
        String file = GitCli.in(git(), "show", "rendered:dev/payments.yaml");
        assertThat(file)
                .startsWith("apiVersion: v1\nkind: ConfigMap\n")
                .contains(
                        "  name: payments\n",
                        "app.kubernetes.io/name: payments",
                        "strata.dev/revision: " + revision,
                        "\n  HTTP_TIMEOUT: 61s\n");
        assertThat(GitCli.in(git(), "log", "-1", "--format=%an", "rendered").strip())
                .isEqualTo("Strata");
    }

    @Test
    void every_commit_of_main_gets_its_own_rendered_commit_and_files_of_unchanged_applications_stay_as_they_were() {
        awaitRendered(git());
        String checkoutBefore = GitCli.in(git(), "show", "rendered:dev/checkout.yaml");

        List<String> revisions =
                List.of(save("HTTP_TIMEOUT", "62s"), save("HTTP_TIMEOUT", "63s"), save("HTTP_TIMEOUT", "64s"));

        awaitRendered(git());
        List<String> subjects = Arrays.asList(
                GitCli.in(git(), "log", "-4", "--format=%s", "rendered").split("\n"));
        assertThat(subjects)
                .contains(revisions.stream().map(r -> "Render main@" + r).toArray(String[]::new));
        assertThat(GitCli.in(git(), "show", "rendered:dev/payments.yaml")).contains("HTTP_TIMEOUT: 64s");
        assertThat(GitCli.in(git(), "show", "rendered:dev/checkout.yaml")).isEqualTo(checkoutBefore);
    }

    @Test
    void secrets_are_fetched_by_an_external_secret_and_their_values_never_reach_the_branch() {
        save("DATABASE_PASSWORD", "rendered-branch-canary-s3cret");
        awaitRendered(git());

        String file = GitCli.in(git(), "show", "rendered:dev/payments.yaml");
        String configMap = file.substring(0, file.indexOf("---\n"));
        assertThat(configMap).contains("kind: ConfigMap").doesNotContain("DATABASE_PASSWORD");
        assertThat(file)
                .contains(
                        "kind: SecretStore",
                        "apiVersion: external-secrets.io/v1beta1",
                        "url: https://strata.example.com/api/v1/config/payments/dev?format=json",
                        "name: strata-token-payments",
                        "kind: ExternalSecret",
                        "- secretKey: DATABASE_PASSWORD",
                        "key: DATABASE_PASSWORD")
                .doesNotContain("strata.example.com//");
        // every version of every file the branch ever held
        String everything = GitCli.in(git(), "log", "-p", "--format=%H %B", "rendered");
        assertThat(everything)
                .contains("DATABASE_PASSWORD")
                .doesNotContain(
                        "rendered-branch-canary-s3cret", "demo-production-password", "dev-only-password", "ENC[");
        assertThat(GitCli.in(git(), "show", "rendered:production/payments.yaml"))
                .contains("kind: ExternalSecret");
        assertThat(GitCli.in(git(), "show", "rendered:dev/checkout.yaml")).doesNotContain("ExternalSecret");
    }

    @Test
    void each_environment_has_a_kustomization_listing_its_files() {
        awaitRendered(git());

        for (String env : List.of("dev", "staging", "production")) {
            List<String> files = Arrays.stream(GitCli.in(git(), "ls-tree", "--name-only", "rendered", env + "/")
                            .split("\n"))
                    .map(path -> path.substring(env.length() + 1))
                    .filter(name -> !name.equals("kustomization.yaml"))
                    .toList();
            assertThat(files).contains("payments.yaml", "checkout.yaml", "search.yaml");
            String kustomization = GitCli.in(git(), "show", "rendered:" + env + "/kustomization.yaml");
            assertThat(kustomization).startsWith("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
            assertThat(kustomization
                            .lines()
                            .filter(line -> line.startsWith("  - "))
                            .map(line -> line.substring(4))
                            .toList())
                    .containsExactlyElementsOf(files);
        }
    }
}
