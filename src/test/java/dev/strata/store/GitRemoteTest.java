package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.BOB;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static dev.strata.store.GitConfigStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strata.GitCli;
import dev.strata.config.Actor;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.config.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store kept in step with a bare repository over file://, checked with the git command line:
 * what Strata writes is on the remote, what others push there reaches Strata, and a remote that
 * was rewritten, is something else, or is gone loses nothing.
 */
class GitRemoteTest {

    private static final Duration SLOW_FETCH = Duration.ofHours(1);

    @TempDir
    Path temp;

    private Path remote;
    private GitConfigStore first;

    @BeforeEach
    void createRemote() {
        remote = temp.resolve("remote.git");
        GitCli.initBare(remote);
    }

    @AfterEach
    void close() {
        if (first != null) {
            first.close();
        }
    }

    private RemoteOptions options(Duration fetchInterval) {
        return new RemoteOptions(
                "file://" + remote, "main", null, null, null, null, fetchInterval, Duration.ofSeconds(5));
    }

    private GitConfigStore open(String name, Duration fetchInterval) {
        return GitConfigStore.open(temp.resolve(name), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options(fetchInterval));
    }

    private String remoteHead() {
        return GitCli.in(remote, "rev-parse", "main").strip();
    }

    private String remoteFile(String path) {
        return GitCli.in(remote, "show", "main:" + path);
    }

    @Test
    void an_empty_remote_gets_the_repository_and_every_commit_with_its_author() {
        first = open("one", SLOW_FETCH);
        assertThat(remoteHead()).isEqualTo(first.head().id());
        assertThat(remoteFile("strata.yaml")).contains("- name: production");

        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        var written = first.commit(set(first.head(), BOB, "Port for the load balancer", "server.port", "9090"));

        assertThat(remoteHead()).isEqualTo(written.revision().id());
        assertThat(GitCli.in(remote, "log", "-1", "--format=%an <%ae>|%s", "main")
                        .strip())
                .isEqualTo("Bob Builder <bob@example.com>|Port for the load balancer");
        assertThat(remoteFile("environments/dev/payments.yaml")).contains("server.port: 9090");
        assertThat(first.remote().orElseThrow().status().lastPush()).isNotNull();
    }

    @Test
    void a_new_instance_clones_the_remote_with_its_change_requests() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        first.commit(set(first.head(), ALICE, "dev port", "server.port", "9090"));
        ChangeRequest request = openPromotion(first);
        assertThat(GitCli.in(remote, "for-each-ref", "--format=%(refname)").lines())
                .contains("refs/strata/changes/" + request.id(), "refs/heads/changes/" + request.id());

        try (GitConfigStore second = open("two", SLOW_FETCH)) {
            assertThat(second.head()).isEqualTo(first.head());
            assertThat(second.snapshot().settings(PAYMENTS, DEV).values())
                    .containsEntry(new SettingKey("server.port"), "9090");
            assertThat(second.changeRequests().get(request.id()).about().title())
                    .isEqualTo("Port to staging");
        }
    }

    @Test
    void a_commit_pushed_by_plain_git_reaches_strata_with_its_author() throws Exception {
        first = open("one", Duration.ofMillis(200));
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        Path work = temp.resolve("work");
        GitCli.run(temp, "clone", "-q", remote.toString(), work.toString());
        Files.createDirectories(work.resolve("environments/dev"));
        Files.writeString(work.resolve("environments/dev/payments.yaml"), "LOG_LEVEL: DEBUG\n");
        GitCli.asMallory(work, "add", ".");
        GitCli.asMallory(work, "commit", "-q", "-m", "Debug logs from the command line");
        GitCli.asMallory(work, "push", "-q", "origin", "main");
        String pushed = GitCli.run(work, "rev-parse", "HEAD").strip();

        await().atMost(Duration.ofSeconds(5)).until(() -> first.head().id().equals(pushed));
        assertThat(first.snapshot().settings(PAYMENTS, DEV).values())
                .containsEntry(new SettingKey("LOG_LEVEL"), "DEBUG");
        assertThat(first.commit(first.head()).author().name()).isEqualTo("Mallory");
    }

    @Test
    void a_write_on_a_stale_head_is_rebased_on_what_another_instance_pushed() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        try (GitConfigStore second = open("two", SLOW_FETCH)) {
            var base = second.head();
            first.commit(set(first.head(), ALICE, "port", "server.port", "9090"));

            var result = second.commit(set(base, BOB, "logs", "LOG_LEVEL", "WARN"));

            assertThat(result.rebased()).isTrue();
            assertThat(remoteHead()).isEqualTo(result.revision().id());
            assertThat(remoteFile("environments/dev/payments.yaml")).contains("server.port: 9090", "LOG_LEVEL: WARN");
            assertThat(first.head())
                    .as("the other instance still has its own until it fetches")
                    .isNotEqualTo(result.revision());
        }
    }

    @Test
    void the_same_key_changed_on_two_instances_is_a_conflict_not_a_lost_update() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        try (GitConfigStore second = open("two", SLOW_FETCH)) {
            var base = second.head();
            first.commit(set(first.head(), ALICE, "port", "server.port", "9090"));

            assertThatThrownBy(() -> second.commit(set(base, BOB, "port", "server.port", "7070")))
                    .isInstanceOf(dev.strata.config.ConflictException.class);
            assertThat(remoteFile("environments/dev/payments.yaml")).contains("server.port: 9090");
        }
    }

    @Test
    void change_requests_opened_on_two_instances_get_different_ids() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        try (GitConfigStore second = open("two", SLOW_FETCH)) {
            ChangeRequest one = openPromotion(first);
            ChangeRequest two = openPromotion(second);

            assertThat(two.id()).isNotEqualTo(one.id());
            assertThat(GitCli.in(remote, "for-each-ref", "--format=%(refname)", "refs/strata/changes/")
                            .lines())
                    .containsExactlyInAnyOrder("refs/strata/changes/" + one.id(), "refs/strata/changes/" + two.id());
        }
    }

    @Test
    void a_force_push_on_the_remote_is_refused_and_stops_writes_until_it_is_restored() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        String strataHead = first.commit(set(first.head(), ALICE, "port", "server.port", "9090"))
                .revision()
                .id();
        GitCli.in(remote, "update-ref", "refs/heads/main", strataHead + "~2");

        assertThatThrownBy(() -> first.commit(set(first.head(), BOB, "logs", "LOG_LEVEL", "WARN")))
                .isInstanceOf(RemoteUnavailableException.class)
                .hasMessageContaining("rewritten");
        assertThat(first.head().id()).as("Strata keeps its history").isEqualTo(strataHead);
        assertThat(remoteHead())
                .as("and does not force-push it back")
                .isEqualTo(GitCli.in(remote, "rev-parse", strataHead + "~2").strip());
        assertThat(first.remote().orElseThrow().status().divergence()).contains("does not contain Strata's main");

        GitCli.in(remote, "update-ref", "refs/heads/main", strataHead);
        var result = first.commit(set(first.head(), BOB, "logs", "LOG_LEVEL", "WARN"));
        assertThat(remoteHead()).isEqualTo(result.revision().id());
        assertThat(first.remote().orElseThrow().status().divergence()).isNull();
    }

    @Test
    void a_remote_that_is_not_a_strata_repository_is_refused_with_an_explanation() throws Exception {
        Path work = temp.resolve("work");
        GitCli.run(temp, "clone", "-q", remote.toString(), work.toString());
        Files.writeString(work.resolve("README.md"), "# a web site\n");
        GitCli.asMallory(work, "add", ".");
        GitCli.asMallory(work, "commit", "-q", "-m", "Something else");
        GitCli.asMallory(work, "push", "-q", "origin", "main");

        assertThatThrownBy(() -> open("one", SLOW_FETCH))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is not a Strata configuration repository: it has no strata.yaml");
        assertThat(temp.resolve("one/config.git")).doesNotExist();
    }

    @Test
    void an_unreachable_remote_fails_writes_clearly_keeps_reads_and_loses_nothing_when_it_returns() throws Exception {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        var before = first.head();
        Path away = temp.resolve("away.git");
        Files.move(remote, away);

        assertThatThrownBy(() -> first.commit(set(first.head(), ALICE, "port", "server.port", "9090")))
                .isInstanceOf(RemoteUnavailableException.class)
                .hasMessageContaining("cannot be reached")
                .hasMessageContaining("Nothing was saved");
        assertThat(first.head()).isEqualTo(before);
        assertThat(first.snapshot().application(PAYMENTS)).isPresent();
        assertThat(first.remote().orElseThrow().status().healthy()).isFalse();

        Files.move(away, remote);
        var result = first.commit(set(first.head(), ALICE, "port", "server.port", "9090"));
        assertThat(remoteHead()).isEqualTo(result.revision().id());
        assertThat(first.remote().orElseThrow().status().healthy()).isTrue();
    }

    @Test
    void passwords_in_the_url_are_never_shown() {
        var options = new RemoteOptions(
                "https://strata:s3cret-token@git.example.com/config.git",
                "main",
                null,
                null,
                null,
                null,
                SLOW_FETCH,
                Duration.ofSeconds(1));
        assertThat(options.redactedUrl()).isEqualTo("https://strata@git.example.com/config.git");
        assertThat(options.toString()).doesNotContain("s3cret");
        assertThat(options.redact("could not reach https://strata:s3cret-token@git.example.com"))
                .doesNotContain("s3cret");
    }

    @Test
    void settings_that_cannot_work_are_refused_by_name() {
        assertThatThrownBy(() -> new RemoteOptions(
                        "ftp://git.example.com/config.git",
                        "main",
                        null,
                        null,
                        null,
                        null,
                        SLOW_FETCH,
                        Duration.ofSeconds(1)))
                .hasMessageContaining("STRATA_REMOTE_URL");
        assertThatThrownBy(() -> new RemoteOptions(
                        "file:///tmp/x.git", "../main", null, null, null, null, SLOW_FETCH, Duration.ofSeconds(1)))
                .hasMessageContaining("STRATA_REMOTE_BRANCH");
        assertThatThrownBy(() -> new RemoteOptions(
                        "file:///tmp/x.git",
                        "main",
                        null,
                        null,
                        Path.of("/nonexistent/key"),
                        null,
                        SLOW_FETCH,
                        Duration.ofSeconds(1)))
                .hasMessageContaining("STRATA_REMOTE_SSH_KEY");
    }

    @Test
    void a_rollout_started_on_one_instance_is_seen_by_another_and_its_end_reaches_it_too() {
        first = open("one", SLOW_FETCH);
        first.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        first.commit(set(first.head(), ALICE, "dev port", "server.port", "9090"));
        ChangeRequest request = openPromotion(first);
        var changes = new ChangeSet(
                PAYMENTS,
                new EnvName("staging"),
                request.proposal().set(),
                new TreeSet<>(),
                "Port to staging\n\nChange-Request: " + request.id(),
                ALICE,
                first.head());
        Rollout started = first.rollouts()
                .start(
                        request.id(),
                        changes,
                        Rollout.Selector.byLabels(Map.of("canary", "true")),
                        new Actor("alice", ALICE),
                        "Started");

        try (GitConfigStore second = open("two", SLOW_FETCH)) {
            assertThat(second.rollouts().all()).extracting(Rollout::candidate).containsExactly(started.candidate());

            first.rollouts().abort(started, new Actor("carol", ALICE), "Aborted");
            second.remote().orElseThrow().beforeWrite(); // a fetch, as the schedule makes

            assertThat(second.rollouts().all())
                    .as("aborted on the first instance")
                    .isEmpty();
            assertThat(second.head()).isEqualTo(first.head());
        }
    }

    private static ChangeRequest openPromotion(GitConfigStore on) {
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.PROMOTION, PAYMENTS, DEV, new EnvName("staging"), "Port to staging", "", null, null);
        var proposal =
                new Proposal(on.head(), new TreeMap<>(Map.of(new SettingKey("server.port"), "9090")), new TreeSet<>());
        return on.changeRequests().open(about, proposal, new Actor("alice", ALICE));
    }
}
