package dev.strata.instances;

import dev.strata.store.GitConfigStore;
import dev.strata.store.RemoteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The Git traffic of sharing sightings between Strata instances: one instance that served 10,000
 * clients publishes its snapshot once a minute to a bare remote over file://, and a second one
 * fetches it. A push and a fetch each carry one pack, which the receiving repository keeps as
 * it came, so the bytes on the wire are what its object directory grows by. Each minute every
 * client polls once more (its time changes) and one in twenty gets a newer revision. Run (after
 * {@code ./mvnw -q -Pbench test-compile}):
 * {@code java -Xmx512m -cp target/test-classes:target/classes:<dependencies> dev.strata.instances.SharedSightingsBenchmark}.
 */
public final class SharedSightingsBenchmark {

    private static final int INSTANCES = 10_000;
    private static final int MINUTES = 5;
    private static final String[] APPS = {
        "payments", "checkout", "search", "discovery", "billing", "orders", "ledger", "catalog", "users", "mail"
    };
    private static final String[] REVISIONS = {
        "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0",
        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
        "9988776655443322110099887766554433221100"
    };

    private SharedSightingsBenchmark() {}

    /** Time that moves a minute at a time, as between two publications. */
    private static final class Minutes extends Clock {
        private volatile Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        void next() {
            now = now.plus(Duration.ofMinutes(1));
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("strata-shared-sightings");
        Path remote = work.resolve("remote.git");
        Process init = new ProcessBuilder("git", "init", "--bare", "-q", "--initial-branch=main", remote.toString())
                .inheritIO()
                .start();
        if (init.waitFor() != 0) {
            throw new IllegalStateException("git init failed");
        }
        Minutes clock = new Minutes();
        RemoteOptions options = new RemoteOptions(
                "file://" + remote, "main", null, null, null, null, Duration.ofHours(1), Duration.ofSeconds(30));
        try (GitConfigStore first =
                        GitConfigStore.open(work.resolve("a"), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options, clock);
                GitConfigStore second =
                        GitConfigStore.open(work.resolve("b"), GitConfigStore.DEFAULT_STALE_LOCK_AGE, options, clock)) {
            Sightings seen = new Sightings(clock, Sightings.CAPACITY);
            SharedSightings publisher =
                    new SharedSightings(seen, first.instanceSnapshots(), new StrataInstanceId("strata-a"));
            SharedSightings reader = new SharedSightings(
                    new Sightings(clock, Sightings.CAPACITY),
                    second.instanceSnapshots(),
                    new StrataInstanceId("strata-b"));
            Random random = new Random(7);
            String[] ids = new String[INSTANCES];
            int[] revision = new int[INSTANCES];
            for (int i = 0; i < INSTANCES; i++) {
                ids[i] = APPS[i % APPS.length] + "-"
                        + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 10);
                revision[i] = random.nextInt(2);
            }
            long[] pushed = new long[MINUTES];
            long[] fetched = new long[MINUTES];
            long[] text = new long[MINUTES];
            for (int minute = 0; minute <= MINUTES; minute++) {
                clock.next();
                for (int i = 0; i < INSTANCES; i++) {
                    if (minute > 0 && random.nextInt(20) == 0) {
                        revision[i] = 2;
                    }
                    String app = APPS[i % APPS.length];
                    seen.record(
                            app,
                            "production",
                            ids[i],
                            "zone=eu-" + (1 + i % 3) + ",canary=" + (i % 10 == 0),
                            REVISIONS[revision[i]],
                            "10.0." + (i / 256) + "." + (i % 256),
                            app + "-production");
                }
                long remoteBefore = size(remote.resolve("objects"));
                long secondBefore = size(work.resolve("b/config.git/objects"));
                publisher.publish();
                long push = size(remote.resolve("objects")) - remoteBefore;
                reader.publish(); // which fetches the first one's snapshot
                long fetch = size(work.resolve("b/config.git/objects")) - secondBefore;
                int listed = reader.named("payments", "production").size();
                int length = SightingsSnapshot.write(seen).length();
                System.out.printf(
                        "minute %d: snapshot %,d bytes of text; pushed %,d bytes; fetched %,d bytes (the other's"
                                + " own snapshot included); the other lists %,d payments instances%n",
                        minute, length, push, fetch, listed);
                if (minute > 0) {
                    pushed[minute - 1] = push;
                    fetched[minute - 1] = fetch;
                    text[minute - 1] = length;
                }
            }
            // what the hourly maintenance leaves of the replaced snapshots, once their packs are over an hour old
            for (String name : new String[] {"a", "b"}) {
                Path objects = work.resolve(name + "/config.git/objects");
                long before = size(objects);
                age(objects, Duration.ofHours(2));
                (name.equals("a") ? first : second).maintain();
                System.out.printf("%s: objects %,d bytes before maintenance, %,d after%n", name, before, size(objects));
            }
            System.out.printf(
                    "%,d instances, median of %d minutes after the first: %,d bytes of text, %,d bytes pushed"
                            + " (%.1f per instance), %,d bytes fetched by the other%n",
                    INSTANCES,
                    MINUTES,
                    median(text),
                    median(pushed),
                    (double) median(pushed) / INSTANCES,
                    median(fetched));
        }
    }

    private static void age(Path directory, Duration by) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long size(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // a temporary file gone meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
