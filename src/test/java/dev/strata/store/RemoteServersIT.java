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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strata.GitCli;
import dev.strata.config.Actor;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConflictException;
import dev.strata.config.Proposal;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.StoreException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata stores on real Git servers on loopback: git's smart HTTP behind Basic authentication,
 * git daemon, and SSH with a key and known_hosts; two instances writing at once through one remote;
 * a remote that goes away and comes back; a host that never answers.
 */
class RemoteServersIT {

    private static final Duration SLOW_FETCH = Duration.ofHours(1);
    /**
     * Contended writes per instance: at least {@code WRITES}, and on until the two instances have raced
     * each other {@code RACES} times (a write that landed on a head the other instance had moved after
     * the writer read it), at most {@code MOST_WRITES}. What the tests prove is that no write is lost
     * when they race, so the races are counted and asserted rather than hoped for in a long run.
     */
    private static final int WRITES = 25;

    private static final int RACES = 10;
    private static final int MOST_WRITES = 200;

    @TempDir
    Path temp;

    private Path served;

    @BeforeEach
    void createRemote() {
        served = temp.resolve("served");
        GitCli.initBare(served.resolve("config.git"));
    }

    private GitConfigStore open(String name, RemoteOptions options) {
        return GitConfigStore.open(temp.resolve(name), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options);
    }

    private static RemoteOptions options(
            String url, String user, String password, Path key, Path knownHosts, Duration fetchInterval) {
        return new RemoteOptions(url, "main", user, password, key, knownHosts, fetchInterval, Duration.ofSeconds(5));
    }

    private String remoteHead() {
        return GitCli.in(served.resolve("config.git"), "rev-parse", "main").strip();
    }

    /**
     * The remote's update hook refuses review records while a file exists, and its pre-receive hook
     * logs the refs of each push: a merge is one atomic push, so a refused record keeps main out too.
     */
    @Test
    void a_merge_reaches_the_remote_as_one_atomic_push_of_main_and_the_review_record() throws Exception {
        Path remote = served.resolve("config.git");
        Path pushes = temp.resolve("pushes.log");
        Path refuse = temp.resolve("refuse-records");
        Path hooks = Files.createDirectories(remote.resolve("hooks"));
        Files.writeString(hooks.resolve("pre-receive"), """
                #!/bin/sh
                cut -d' ' -f3 | tr '\\n' ' ' >> '%s'
                echo >> '%s'
                """.formatted(pushes, pushes));
        Files.writeString(hooks.resolve("update"), """
                #!/bin/sh
                case "$1" in refs/strata/changes/*) [ -e '%s' ] && { echo "records are refused" >&2; exit 1; } ;; esac
                exit 0
                """.formatted(refuse));
        assertThat(hooks.resolve("pre-receive").toFile().setExecutable(true)).isTrue();
        assertThat(hooks.resolve("update").toFile().setExecutable(true)).isTrue();
        Actor alice = new Actor("alice", ALICE);
        try (var http = new GitServers.SmartHttp(served, "strata", "token-123");
                GitConfigStore store =
                        open("one", options(http.url("config.git"), "strata", "token-123", null, null, SLOW_FETCH))) {
            store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            long id = store.changeRequests()
                    .open(
                            new ChangeRequest.About(
                                    ChangeRequest.Kind.EDIT, PAYMENTS, null, DEV, "Debug logs", "", null, null),
                            new Proposal(
                                    store.head(),
                                    new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")),
                                    new TreeSet<>()),
                            alice)
                    .id();
            Function<ChangeRequest, Merge> decide = current -> new Merge(
                    new ChangeSet(
                            PAYMENTS,
                            DEV,
                            current.proposal().set(),
                            current.proposal().unset(),
                            "Debug logs\n\nChange-Request: " + id,
                            ALICE,
                            current.proposal().base()),
                    new Actor("bob", BOB));
            String before = remoteHead();
            String record =
                    GitCli.in(remote, "rev-parse", "refs/strata/changes/" + id).strip();
            Files.createFile(refuse);

            assertThatThrownBy(() -> store.changeRequests().merge(id, decide))
                    .isInstanceOf(RemoteUnavailableException.class)
                    .hasMessageContaining("refused the push");

            assertThat(remoteHead()).as("main stayed out with its record").isEqualTo(before);
            assertThat(GitCli.in(remote, "rev-parse", "refs/strata/changes/" + id)
                            .strip())
                    .isEqualTo(record);
            assertThat(store.head().id()).isEqualTo(before);
            assertThat(store.changeRequests().get(id).state()).isEqualTo(ChangeRequest.State.OPEN);

            Files.delete(refuse);
            ChangeRequest merged = store.changeRequests().merge(id, decide);

            assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
            assertThat(remoteHead())
                    .isEqualTo(merged.mergedRevision().id())
                    .isEqualTo(store.head().id());
            assertThat(GitCli.in(remote, "log", "-1", "--format=%s", "refs/strata/changes/" + id))
                    .contains("merged change request " + id);
            assertThat(Files.readAllLines(pushes).getLast().split(" "))
                    .containsExactlyInAnyOrder("refs/heads/main", "refs/strata/changes/" + id);
        }
    }

    @Test
    void smart_http_with_a_token_carries_writes_refuses_a_wrong_token_and_survives_the_server_going_away()
            throws Exception {
        try (var http = new GitServers.SmartHttp(served, "strata", "token-123")) {
            String url = http.url("config.git");
            assertThatThrownBy(() -> open("wrong", options(url, "strata", "wrong-token", null, null, SLOW_FETCH)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot be cloned")
                    .hasMessageNotContaining("wrong-token");

            try (GitConfigStore store = open("one", options(url, "strata", "token-123", null, null, SLOW_FETCH))) {
                store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
                var written = store.commit(set(store.head(), BOB, "port", "server.port", "9090"));
                assertThat(remoteHead()).isEqualTo(written.revision().id());

                http.stop();
                assertThatThrownBy(() -> store.commit(set(store.head(), BOB, "logs", "LOG_LEVEL", "WARN")))
                        .isInstanceOf(RemoteUnavailableException.class)
                        .hasMessageContaining("cannot be reached");
                assertThat(store.snapshot().settings(PAYMENTS, DEV).values())
                        .as("reads go on from the local repository")
                        .containsEntry(new SettingKey("server.port"), "9090");
                assertThat(store.remote().orElseThrow().status().healthy()).isFalse();

                http.start();
                var after = store.commit(set(store.head(), BOB, "logs", "LOG_LEVEL", "WARN"));
                assertThat(remoteHead()).isEqualTo(after.revision().id());
                assertThat(GitCli.in(served.resolve("config.git"), "rev-list", "--count", "main")
                                .strip())
                        .as("initial, create, port, logs: nothing lost, nothing twice")
                        .isEqualTo("4");
            }
        }
    }

    @Test
    void ssh_with_a_key_and_known_hosts_clones_and_writes_and_refuses_an_unknown_host() throws Exception {
        try (var ssh = new GitServers.Ssh(served, temp.resolve("keys"))) {
            String url = ssh.url("config.git");
            try (GitConfigStore store =
                    open("one", options(url, null, null, ssh.clientKey(), ssh.knownHosts(), SLOW_FETCH))) {
                store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
                var written = store.commit(set(store.head(), BOB, "port", "server.port", "9090"));
                assertThat(remoteHead()).isEqualTo(written.revision().id());
            }
            try (GitConfigStore clone =
                    open("two", options(url, null, null, ssh.clientKey(), ssh.knownHosts(), SLOW_FETCH))) {
                assertThat(clone.snapshot().settings(PAYMENTS, DEV).values())
                        .containsEntry(new SettingKey("server.port"), "9090");
            }
            Path strangers = temp.resolve("keys/strangers");
            Files.writeString(
                    strangers,
                    "[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
            assertThatThrownBy(() -> open("three", options(url, null, null, ssh.clientKey(), strangers, SLOW_FETCH)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot be cloned");
        }
    }

    @Test
    void two_instances_writing_different_keys_through_one_bare_repository_land_every_write() throws Exception {
        // file:// (JGit's upload-pack and receive-pack in process) costs no process per fetch and push, unlike git
        // daemon. JGit's receive-pack keeps each push as a pack; repacking now and then, as Git hosts do, keeps the
        // remote from slowing down with a pack per write.
        String url = "file://" + served.resolve("config.git");
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
        try (GitConfigStore one = open("one", options(url, null, null, null, null, Duration.ofSeconds(1)));
                GitConfigStore two = open("two", options(url, null, null, null, null, Duration.ofSeconds(1)))) {
            housekeeping.scheduleWithFixedDelay(
                    () -> GitCli.in(served.resolve("config.git"), "repack", "-adq"), 2, 2, TimeUnit.SECONDS);
            one.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger races = new AtomicInteger();
            Future<Integer> byOne = pool.submit(writer(one, "ONE", "TWO", start, races));
            Future<Integer> byTwo = pool.submit(writer(two, "TWO", "ONE", start, races));
            int landedByOne = byOne.get();
            int landedByTwo = byTwo.get();
            pool.shutdown();

            System.out.printf("RemoteServersIT: %d + %d writes, %d raced%n", landedByOne, landedByTwo, races.get());
            assertThat(races.get())
                    .as("writes that landed on a head the other instance had moved since they read it")
                    .isGreaterThanOrEqualTo(RACES);
            String onRemote = GitCli.in(served.resolve("config.git"), "show", "main:environments/dev/payments.yaml");
            // keys outside the schema are text, quoted where YAML would read a number
            assertThat(onRemote).contains("ONE: \"" + (landedByOne - 1) + "\"", "TWO: \"" + (landedByTwo - 1) + "\"");
            assertThat(GitCli.in(served.resolve("config.git"), "rev-list", "--count", "main")
                            .strip())
                    .isEqualTo(String.valueOf(2 + landedByOne + landedByTwo));
            for (GitConfigStore instance : List.of(one, two)) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> instance.head().id().equals(remoteHead()));
            }
        } finally {
            housekeeping.shutdownNow();
        }
    }

    /**
     * Writes key {@code key} 0, 1, 2, … (see {@link #WRITES}), each on the head this instance has, which the
     * other keeps moving; counts in {@code races} each write that landed after the other's key changed
     * since that head. Answers how many landed.
     */
    private static Callable<Integer> writer(
            GitConfigStore store, String key, String otherKey, CyclicBarrier start, AtomicInteger races) {
        return () -> {
            start.await();
            int landed = 0;
            while (landed < MOST_WRITES && (landed < WRITES || races.get() < RACES)) {
                CommitResult result = store.commit(new ChangeSet(
                        PAYMENTS,
                        DEV,
                        new TreeMap<>(Map.of(new SettingKey(key), String.valueOf(landed))),
                        new TreeSet<>(),
                        key + " " + landed,
                        new Author(key, key.toLowerCase() + "@example.com"),
                        store.head()));
                if (result.changedByOthers().contains(new SettingKey(otherKey))) {
                    races.incrementAndGet();
                }
                landed++;
            }
            return landed;
        };
    }

    @Test
    void two_instances_writing_the_same_key_through_git_daemon_get_conflicts_never_lost_updates() throws Exception {
        try (var daemon = new GitServers.Daemon(served);
                GitConfigStore one =
                        open("one", options(daemon.url("config.git"), null, null, null, null, SLOW_FETCH));
                GitConfigStore two =
                        open("two", options(daemon.url("config.git"), null, null, null, null, SLOW_FETCH))) {
            one.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<List<String>>> results = new ArrayList<>();
            for (GitConfigStore instance : List.of(one, two)) {
                int who = instance == one ? 1000 : 2000;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> saved = new ArrayList<>();
                    // as in writer(): tries on until the two have raced (here: a conflict) RACES times
                    for (int i = 0; i < MOST_WRITES && (i < WRITES / 2 || conflicts.get() < RACES); i++) {
                        String value = String.valueOf(who + i);
                        try {
                            // the value this person saw is the head they read before deciding
                            Revision seen = instance.head();
                            instance.commit(set(seen, ALICE, "port " + value, "server.port", value));
                            saved.add(value);
                        } catch (ConflictException expected) {
                            // someone else changed server.port since: the person is told, nothing is overwritten
                            conflicts.incrementAndGet();
                        }
                    }
                    return saved;
                }));
            }
            List<String> saved = new ArrayList<>();
            for (Future<List<String>> result : results) {
                saved.addAll(result.get());
            }
            pool.shutdown();

            System.out.printf("RemoteServersIT: %d saved, %d conflicts%n", saved.size(), conflicts.get());
            assertThat(conflicts.get()).as("saves refused as conflicts").isGreaterThanOrEqualTo(RACES);
            List<String> onRemote = GitCli.in(
                            served.resolve("config.git"),
                            "log",
                            "--format=%s",
                            "main",
                            "--",
                            "environments/dev/payments.yaml")
                    .lines()
                    .map(subject -> subject.substring("port ".length()))
                    .toList();
            assertThat(onRemote)
                    .as("every saved value is a commit on the remote, and nothing else is")
                    .containsExactlyInAnyOrderElementsOf(saved);
        }
    }

    @Test
    void a_host_that_never_answers_fails_within_the_timeout_and_leaves_no_threads_behind() throws Exception {
        Path local = temp.resolve("local");
        GitConfigStore.open(local).close();
        long fetchersBefore = fetchers();
        try (ServerSocket silent = new ServerSocket(0)) {
            var options = new RemoteOptions(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/config.git",
                    "main",
                    null,
                    null,
                    null,
                    null,
                    Duration.ofMillis(200),
                    // the shortest timeout Strata accepts: each expiry below is a second spent idle
                    Duration.ofSeconds(1));
            // Generous bounds, many times the 1 s timeout: they catch a start-up or a write that hangs on the
            // silent host, not a slow machine (how long a timeout takes is no figure to assert here)
            try (GitConfigStore store = assertTimeoutPreemptively(
                    Duration.ofSeconds(30),
                    () -> GitConfigStore.open(local, GitConfigStore.DEFAULT_STALE_LOCK_AGE, options),
                    "start-up hung")) {
                assertThat(store.remote().orElseThrow().status().failure()).contains("cannot be reached");
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60),
                        () -> assertThatThrownBy(() -> store.commit(set(store.head(), ALICE, "x", "server.port", "1")))
                                .isInstanceOf(RemoteUnavailableException.class),
                        "the write hung");
                // fetches every 200 ms, each hanging for the 1 s timeout: several would have started by now if
                // they piled up
                await().during(Duration.ofMillis(1200))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> fetchers() - fetchersBefore, count -> count == 1);
            }
        }
    }

    /** Fetch threads in this JVM; other tests' stores may still be closing theirs. */
    private static long fetchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("strata-remote-fetch"))
                .count();
    }
}
