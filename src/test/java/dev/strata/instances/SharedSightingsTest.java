package dev.strata.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.AdjustableClock;
import dev.strata.GitCli;
import dev.strata.store.GitConfigStore;
import dev.strata.store.RemoteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Strata instances' sightings shared through one bare remote over file://, each with its own
 * clock: what one saw the other lists after a publication, the newest sighting of an instance wins
 * wherever it was made, and what git or a person puts under refs/strata/instances/ can neither
 * break the list nor replace a Strata instance's own snapshot.
 */
class SharedSightingsTest {

    private static final String OLD = "1111111111111111111111111111111111111111";
    private static final String NEW = "2222222222222222222222222222222222222222";
    private static final Instant START = Instant.parse("2026-12-06T05:00:00Z");

    @TempDir
    Path temp;

    private Path remote;
    private GitConfigStore storeA;
    private GitConfigStore storeB;
    private final AdjustableClock clock = new AdjustableClock(START);
    private final Sightings seenByA = new Sightings(clock, Sightings.CAPACITY);
    private final Sightings seenByB = new Sightings(clock, Sightings.CAPACITY);
    private SharedSightings a;
    private SharedSightings b;

    @BeforeEach
    void twoStrataInstancesOnOneRemote() {
        remote = GitCli.initBare(temp.resolve("remote.git"));
        storeA = open("a");
        storeB = open("b");
        a = new SharedSightings(seenByA, storeA.instanceSnapshots(), new StrataInstanceId("strata-a"));
        b = new SharedSightings(seenByB, storeB.instanceSnapshots(), new StrataInstanceId("strata-b"));
    }

    @AfterEach
    void close() {
        storeA.close();
        storeB.close();
    }

    private GitConfigStore open(String name) {
        // fetched only when publishing, so that what arrives came with a publication
        var options = new RemoteOptions(
                "file://" + remote, "main", null, null, null, null, Duration.ofHours(1), Duration.ofSeconds(5));
        return GitConfigStore.open(temp.resolve(name), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options, clock);
    }

    private static Sighting only(SharedSightings sightings, String instance) {
        List<Sighting> found = sightings.named("payments", "production").stream()
                .filter(sighting -> sighting.instance().equals(instance))
                .toList();
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.getFirst();
    }

    private String remoteRef(String ref) {
        return GitCli.in(remote, "rev-parse", ref).strip();
    }

    @Test
    void each_strata_instance_lists_the_clients_the_other_served_once_both_published() {
        seenByA.record("payments", "production", "pay-1", "zone=eu-1", OLD, "10.0.0.1", "payments-production");
        seenByB.record("payments", "production", "pay-2", null, NEW, "10.0.0.2", "payments-production");
        seenByB.record("payments", "production", null, null, NEW, "10.0.0.9", "payments-production");

        a.publish();
        b.publish();
        a.publish();

        for (SharedSightings each : List.of(a, b)) {
            assertThat(only(each, "pay-1").revision()).isEqualTo(OLD);
            assertThat(only(each, "pay-1").labelMap()).containsEntry("zone", "eu-1");
            assertThat(only(each, "pay-2").revision()).isEqualTo(NEW);
            assertThat(only(each, "pay-2").token()).isEqualTo("payments-production");
            assertThat(each.unnamed("payments", "production")).isEqualTo(1);
        }
    }

    @Test
    void the_newest_sighting_wins_and_a_stale_snapshot_never_hides_a_fresh_own_one() {
        seenByA.record("payments", "production", "pay-1", null, OLD, "10.0.0.1", "payments-production");
        a.publish();
        clock.advance(Duration.ofMinutes(5));
        // the instance moved to the other Strata instance (a load balancer's choice) and got the newer revision
        seenByB.record("payments", "production", "pay-1", null, NEW, "10.0.0.1", "payments-production");

        b.publish();

        assertThat(only(b, "pay-1").revision())
                .as("its own, newer than the snapshot")
                .isEqualTo(NEW);
        a.publish();
        assertThat(only(a, "pay-1").revision())
                .as("the other's, newer than its own")
                .isEqualTo(NEW);
        assertThat(only(a, "pay-1").lastSeen()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void the_others_sightings_expire_after_a_day_like_the_own_ones() {
        seenByB.record("payments", "production", "pay-2", null, NEW, "10.0.0.2", "payments-production");
        b.publish();
        a.publish();
        assertThat(only(a, "pay-2")).isNotNull();

        clock.advance(Sightings.KEEP.plusMinutes(1));

        assertThat(only(a, "pay-2")).isNull();
    }

    @Test
    void each_publication_replaces_the_snapshot_so_the_remote_keeps_one_commit_per_strata_instance() {
        seenByA.record("payments", "production", "pay-1", null, OLD, "10.0.0.1", "payments-production");
        a.publish();
        seenByA.record("payments", "production", "pay-3", null, OLD, "10.0.0.3", "payments-production");
        a.publish();

        String ref = "refs/strata/instances/strata-a";
        assertThat(GitCli.in(remote, "rev-list", "--count", ref).strip()).isEqualTo("1");
        assertThat(GitCli.in(remote, "show", ref + ":instances"))
                .startsWith(SightingsSnapshot.HEADER)
                .contains("pay-1", "pay-3");
        assertThat(GitCli.in(remote, "rev-list", "--count", "main").strip())
                .as("main is not touched")
                .isEqualTo("1");
    }

    @Test
    void a_malformed_snapshot_pushed_with_plain_git_is_left_out_and_the_others_still_count() throws Exception {
        seenByB.record("payments", "production", "pay-2", null, NEW, "10.0.0.2", "payments-production");
        b.publish();
        Path work = Files.createDirectory(temp.resolve("work"));
        GitCli.run(work, "init", "-q");
        Files.writeString(work.resolve("instances"), SightingsSnapshot.HEADER + "\npayments\tproduction\tpay-x\n");
        GitCli.run(work, "add", "instances");
        GitCli.asMallory(work, "commit", "-q", "-m", "broken");
        GitCli.run(work, "push", "-q", remote.toString(), "HEAD:refs/strata/instances/broken");
        Files.writeString(work.resolve("instances"), "whatever\n");
        GitCli.asMallory(work, "commit", "-q", "-am", "not a snapshot");
        GitCli.run(work, "push", "-q", remote.toString(), "HEAD:refs/strata/instances/garbage");
        GitCli.asMallory(work, "rm", "-q", "instances");
        Files.writeString(work.resolve("other"), "no instances file\n");
        GitCli.run(work, "add", "other");
        GitCli.asMallory(work, "commit", "-q", "-m", "no snapshot");
        GitCli.run(work, "push", "-q", remote.toString(), "HEAD:refs/strata/instances/empty");

        a.publish();

        assertThat(only(a, "pay-2").revision()).isEqualTo(NEW);
        assertThat(only(a, "pay-x")).isNull();
    }

    @Test
    void a_fetch_never_replaces_a_strata_instances_own_snapshot_and_the_remote_gets_it_back() throws Exception {
        seenByA.record("payments", "production", "pay-1", null, OLD, "10.0.0.1", "payments-production");
        a.publish();
        String own = remoteRef("refs/strata/instances/strata-a");
        // someone (or an old copy of this data directory) puts another snapshot under this instance's name
        Path work = Files.createDirectory(temp.resolve("work"));
        GitCli.run(work, "init", "-q");
        Files.writeString(work.resolve("instances"), SightingsSnapshot.HEADER + "\n");
        GitCli.run(work, "add", "instances");
        GitCli.asMallory(work, "commit", "-q", "-m", "impostor");
        GitCli.run(work, "push", "-q", "-f", remote.toString(), "HEAD:refs/strata/instances/strata-a");
        assertThat(remoteRef("refs/strata/instances/strata-a")).isNotEqualTo(own);

        storeA.remote().orElseThrow().fetchSoon();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> remoteRef("refs/strata/instances/strata-a").equals(own));
        assertThat(GitCli.in(temp.resolve("a/config.git"), "rev-parse", "refs/strata/instances/strata-a")
                        .strip())
                .isEqualTo(own);
        assertThat(only(a, "pay-1")).isNotNull();
    }
}
