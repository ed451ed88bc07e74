package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strata.ChildJvm;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed at random moments loses no acknowledged commit and never corrupts the repository. */
class CrashIT {

    private static final int KILLS = 6;

    @TempDir
    Path dataDir;

    private Process startWriter(String name) throws IOException {
        return new ProcessBuilder(ChildJvm.onTestClassPath("128m", CrashWriter.class, dataDir.toString(), name))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    @Test
    void a_second_strata_on_the_data_directory_of_a_running_one_is_refused_naming_its_process() throws Exception {
        Process writer = startWriter("running");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("ACK "));
            assertThat(line).as("the writer committed").isNotNull();

            assertThatThrownBy(() -> GitConfigStore.open(dataDir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another Strata (process " + writer.pid() + ")");
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            assertThat(store.head())
                    .as("the directory is free once the writer died")
                    .isNotNull();
        }
    }

    @Test
    void a_writer_killed_at_random_moments_leaves_a_consistent_repository_with_every_acknowledged_commit()
            throws Exception {
        Random random = new Random();
        List<String> acknowledged = new ArrayList<>();
        AtomicInteger staleLocksRemoved = new AtomicInteger();
        for (int round = 0; round < KILLS; round++) {
            ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
            Process writer = startWriter("round" + round);
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            acks.add(line.substring(4));
                        } else if (line.contains("Removed stale lock")) {
                            staleLocksRemoved.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // the pipe breaks when the writer is killed
                }
            });
            // The kill lands after a random number of the writer's commits, up to 20: the writer is then
            // at some step of its next commit, before, during or after merging its packs (every 16
            // commits). Placed by the writer's progress rather than by a clock, it needs no sleep; a longer
            // stretch proves nothing more, since each writer repeats the same cycle.
            int commitsBeforeTheKill = 1 + random.nextInt(20);
            await("writer " + round + " committed " + commitsBeforeTheKill + " times")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> acks.size() >= commitsBeforeTheKill);
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
            acknowledged.addAll(acks);
        }

        System.out.printf(
                "CrashIT: %d kills, %d acknowledged commits, %d stale locks removed by restarted writers%n",
                KILLS, acknowledged.size(), staleLocksRemoved.get());
        Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict", "--no-dangling")
                .directory(dataDir.resolve("config.git").toFile())
                .redirectErrorStream(true)
                .start();
        String fsckOutput = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fsck.waitFor()).as("git fsck: %s", fsckOutput).isZero();
        Process count = new ProcessBuilder("git", "count-objects", "-v")
                .directory(dataDir.resolve("config.git").toFile())
                .redirectErrorStream(true)
                .start();
        String counted = new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(count.waitFor()).isZero();
        assertThat(counted).as("every object is in a pack that git reads").contains("count: 0\n");

        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Set<String> reachable = reachableFromMain();
            assertThat(reachable).containsAll(acknowledged);
            assertThat(store.snapshot().errors()).isEmpty();
            assertThat(store.snapshot(new Revision(acknowledged.getLast())).errors())
                    .isEmpty();
            var result = store.commit(GitConfigStoreTest.set(
                    store.head(), GitConfigStoreTest.ALICE, "After the crashes", "K0", "survived"));
            assertThat(result.revision()).isEqualTo(store.head());
            assertThat(store.snapshot()
                            .settings(new AppName("payments"), new EnvName("dev"))
                            .get(new SettingKey("K0")))
                    .contains("survived");
        }
    }

    private Set<String> reachableFromMain() throws IOException {
        Set<String> reachable = new HashSet<>();
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(dataDir.resolve("config.git").toFile())
                        .build();
                RevWalk walk = new RevWalk(repository)) {
            ObjectId main = repository.exactRef("refs/heads/main").getObjectId();
            walk.markStart(walk.parseCommit(main));
            for (RevCommit commit : walk) {
                reachable.add(commit.name());
            }
        }
        return reachable;
    }
}
