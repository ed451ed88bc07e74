package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ChildJvm;
import dev.strata.TestDataDirectories;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.security.TokenDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stock Spring Boot application with spring-cloud-starter-config (src/it/config-client, built
 * here with the wrapper when its jar is missing or older than its sources) starts against a running Strata with {@code spring.config.import=configserver:}
 * and an API token, and sees its values, a secret among them; it names itself through
 * {@code spring.cloud.config.headers.*} and is listed among the instances with the revision it got.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "strata.demo=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringCloudConfigClientIT {

    static final Path DATA_DIR = TestDataDirectories.create();
    static final String PAYMENTS_TOKEN = "payments-production-token-4f1c";
    static final String CHECKOUT_TOKEN = "checkout-production-token-9d2e";
    static final Path CLIENT_PROJECT = Path.of("src/it/config-client");
    static final Path CLIENT_JAR = CLIENT_PROJECT.resolve("target/config-client.jar");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(DATA_DIR.resolve("tokens.yaml"), """
                tokens:
                  - name: payments-production
                    sha256: %s
                    scopes: [payments:production]
                  - name: checkout-production
                    sha256: %s
                    scopes: [checkout:production]
                """.formatted(
                        TokenDirectory.sha256(PAYMENTS_TOKEN), TokenDirectory.sha256(CHECKOUT_TOKEN)));
        registry.add("strata.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    /** The output of the payments client, started once for the two tests that read it. */
    Result payments;

    /**
     * Builds the client unless its jar is newer than each of its sources (a build costs seconds of CPU
     * that the other test JVM could use), then starts it once with the payments token, after a secret
     * was committed: the first two tests read different lines of what that one start printed.
     */
    @BeforeAll
    void buildClientAndStartItForPayments() throws Exception {
        if (!clientUpToDate()) {
            var maven = new ProcessBuilder(
                    new File("mvnw").getAbsolutePath(),
                    "-B",
                    "-q",
                    "-f",
                    CLIENT_PROJECT.resolve("pom.xml").toString(),
                    "package",
                    "-DskipTests");
            // Maven's own JVM lives seconds: the same cheap settings as the test JVMs (ChildJvm)
            maven.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            var build = run(maven, 600);
            assertThat(build.exit()).as(build.output()).isZero();
        }
        var payments = new AppName("payments");
        var production = new EnvName("production");
        var set = secrets.seal(
                payments,
                production,
                store.snapshot().application(payments).orElseThrow().schema(),
                new TreeMap<>(Map.of(new SettingKey("DATABASE_PASSWORD"), "pr0d-s3cret")));
        store.commit(new ChangeSet(
                payments,
                production,
                set,
                new TreeSet<>(),
                "Database password for production",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        this.payments = startClient(PAYMENTS_TOKEN);
    }

    private static boolean clientUpToDate() throws IOException {
        if (!Files.exists(CLIENT_JAR)) {
            return false;
        }
        FileTime built = Files.getLastModifiedTime(CLIENT_JAR);
        try (Stream<Path> files = Files.walk(CLIENT_PROJECT)) {
            return files.filter(file -> !file.startsWith(CLIENT_PROJECT.resolve("target")))
                    .filter(Files::isRegularFile)
                    .allMatch(file -> lastModified(file).compareTo(built) <= 0);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exit, String output) {}

    private static Result run(ProcessBuilder command, int seconds) throws Exception {
        var process = command.redirectErrorStream(true).start();
        var output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e);
            }
        });
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(5_000);
        return new Result(process.exitValue(), output.toString());
    }

    private Result startClient(String token) throws Exception {
        List<String> command = ChildJvm.command(
                "256m",
                "-jar",
                CLIENT_JAR.toString(),
                "--strata.url=http://localhost:" + port,
                "--spring.profiles.active=production",
                "--spring.cloud.config.password=" + token,
                // how an instance names itself, so that Strata lists it with the revision it got
                "--spring.cloud.config.headers.Strata-Instance=payments-it-1",
                "--spring.cloud.config.headers.Strata-Labels=zone=eu-1,canary=true");
        return run(new ProcessBuilder(command), 120);
    }

    @Test
    void a_spring_boot_application_imports_its_configuration_from_strata_and_is_listed_among_the_instances() {
        Result client = payments;

        assertThat(client.exit()).as(client.output()).isZero();
        assertThat(client.output())
                .contains("CONFIGURED port=8080 url=jdbc:postgresql://db.prod:5432/payments"
                        + " password=pr0d-s3cret newCheckout=false");
        var instances = new ApiClient(port)
                .get("/api/v1/apps/payments/envs/production/instances", "bob")
                .json();
        assertThat(instances.get("instances")).singleElement().satisfies(instance -> {
            assertThat(instance.get("id").asString()).isEqualTo("payments-it-1");
            assertThat(instance.get("revision").asString())
                    .isEqualTo(store.head().id());
            assertThat(instance.get("current").asBoolean()).isTrue();
            assertThat(instance.get("labels").get("canary").asString()).isEqualTo("true");
            assertThat(instance.get("token").asString()).isEqualTo("payments-production");
        });
    }

    @Test
    void a_spring_boot_application_sees_an_inherited_value_and_where_it_comes_from() {
        Result client = payments;

        assertThat(client.exit()).as(client.output()).isZero();
        assertThat(client.output())
                .contains(
                        "OTLP https://otel-collector.internal:4318 FROM configserver:strata:shared/observability/production");
        String sources = client.output()
                .lines()
                .filter(line -> line.startsWith("SOURCES "))
                .findFirst()
                .orElseThrow();
        assertThat(sources)
                .as("the application's own layer first, then the set's, then the defaults")
                .containsSubsequence(
                        "strata:payments/production",
                        "strata:shared/observability/production",
                        "strata:defaults/payments",
                        "strata:defaults/observability");
    }

    @Test
    void an_application_whose_token_does_not_cover_it_does_not_start() throws Exception {
        Result client = startClient(CHECKOUT_TOKEN);

        assertThat(client.exit()).isNotZero();
        assertThat(client.output()).doesNotContain("CONFIGURED").contains("403");
    }
}
