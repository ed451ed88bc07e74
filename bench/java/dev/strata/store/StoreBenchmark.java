package dev.strata.store;

import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The store benchmark of bench/README.md. Not a test: it prints figures. Run it with
 * {@code bench/run-store}, which compiles it and starts it with {@code -Xmx512m};
 * {@code bench/run-store --commits-only} stops before generating the long history;
 * {@code --history-only} generates only the long history and runs the history queries (with
 * {@code maintain()}), and {@code --history-again} runs the history queries again on the directory a
 * previous run left.
 */
public final class StoreBenchmark {

    private static final int WARMUP_COMMITS = 300;
    private static final int MEASURED_COMMITS = 1000;
    private static final int READS = 200_000;
    private static final int HISTORY_COMMITS = 100_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Author WRITER = new Author("Bench Writer", "writer@example.com");

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--after-history")) {
            afterHistory(Path.of(args[2]), args[1].equals("--history-only"));
            return;
        }
        String mode = args.length > 0 && args[0].startsWith("--") ? args[0] : "";
        boolean commitsOnly = mode.equals("--commits-only");
        boolean historyOnly = mode.equals("--history-only");
        if (!mode.isEmpty() && !commitsOnly && !historyOnly && !mode.equals("--history-again")) {
            throw new IllegalArgumentException("unknown option " + mode);
        }
        int dirArg = mode.isEmpty() ? 0 : 1;
        Path dataDir =
                Path.of(args.length > dirArg ? args[dirArg] : "target/bench").toAbsolutePath();
        if (mode.equals("--history-again")) {
            historyQueries(dataDir);
            return;
        }
        deleteRecursively(dataDir);
        System.out.printf(
                "Strata store benchmark: %d applications x %d environments x %d keys, %d cores, Java %s, max heap %d MB,"
                        + " load average %.1f%n%n",
                FastImport.APPS,
                FastImport.ENVS.length,
                FastImport.KEYS,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        GitConfigStore.open(dataDir).close();
        FastImport generator = new FastImport(dataDir.resolve(ConfigRepository.REPOSITORY));
        long start = System.nanoTime();
        generator.seed();
        report("generate the repository (git fast-import)", ms(start), "ms", "");
        if (historyOnly) {
            longHistory(generator, dataDir, mode);
            return;
        }

        start = System.nanoTime();
        GitConfigStore store = GitConfigStore.open(dataDir);
        store.snapshot();
        report("open + first snapshot, 1 commit", ms(start), "ms", "");

        commits(store, generator, WARMUP_COMMITS, new Random(1));
        double[] latencies = commits(store, generator, MEASURED_COMMITS, new Random(2));
        double total = Arrays.stream(latencies).sum();
        report("one-key commit, median", percentile(latencies, 50), "ms", "target <= 10 ms");
        report("one-key commit, p99", percentile(latencies, 99), "ms", "");
        report(
                "one-key commit, CPU time of the committing thread, median",
                percentile(lastCpu, 50),
                "ms",
                "(the rest is waiting for the disk or a core)");
        report("commits/s from one writer", MEASURED_COMMITS / (total / 1000), "/s", "target >= 100/s");

        report(
                "  for scale: create + write 1 KB + fsync of a new file here, median",
                fsyncMillis(dataDir),
                "ms",
                "(a commit fsyncs its pack and index at once, then the branch)");
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            Path copy = Files.createTempDirectory(shm, "strata-bench-");
            copyRecursively(dataDir, copy);
            try (GitConfigStore memory = GitConfigStore.open(copy)) {
                commits(memory, null, WARMUP_COMMITS, new Random(4));
                double[] free = commits(memory, null, MEASURED_COMMITS, new Random(5));
                report("  the same commits on tmpfs (fsync is free), median", percentile(free, 50), "ms", "");
                report(
                        "  the same commits on tmpfs, commits/s",
                        MEASURED_COMMITS / (Arrays.stream(free).sum() / 1000),
                        "/s",
                        "");
            } finally {
                deleteRecursively(copy);
            }
        }

        AppName app = new AppName(FastImport.app(123));
        EnvName env = new EnvName("staging");
        double[] reads = new double[READS];
        int sink = 0;
        for (int i = 0; i < READS; i++) {
            long t = System.nanoTime();
            Settings settings = store.snapshot().settings(app, env);
            reads[i] = (System.nanoTime() - t) / 1000.0;
            sink += settings.size();
        }
        report("cached read of one app/env at head, median", percentile(reads, 50), "us", "target <= 50 us");
        report("cached read of one app/env at head, p99", percentile(reads, 99), "us", "(" + sink / READS + " keys)");
        store.close();
        if (commitsOnly) {
            report(
                    "load average now",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    "",
                    "");
            return;
        }

        longHistory(generator, dataDir, mode);
    }

    /** Steps 5 and 6: the long history, then start-up, history queries and commits in a fresh JVM. */
    private static void longHistory(FastImport generator, Path dataDir, String mode) throws Exception {
        long start = System.nanoTime();
        generator.commits(HISTORY_COMMITS);
        report("generate " + HISTORY_COMMITS + " more commits (git fast-import)", ms(start) / 1000, "s", "");
        System.out.println();
        System.out.println("In a fresh JVM with -Xmx512m, after " + HISTORY_COMMITS + " more commits:");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreBenchmark.class.getName(),
                        "--after-history",
                        mode.isEmpty() ? "--all" : mode,
                        dataDir.toString())
                .inheritIO()
                .start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the start-up and history benchmark failed");
        }
    }

    private static final AppName HOT_APP = new AppName(FastImport.app(FastImport.HOT_APP));
    private static final EnvName HOT_ENV = new EnvName(FastImport.ENVS[FastImport.HOT_ENV]);
    private static final SettingKey COLD_KEY = new SettingKey(FastImport.key(33));
    private static final HistoryQuery LAST_CHANGES_OF_KEY =
            HistoryQuery.ofKey(HOT_APP, HOT_ENV, new SettingKey(FastImport.key(FastImport.HOT_KEY)), 50);
    private static final HistoryQuery UNFILTERED = HistoryQuery.latest(50);
    private static final HistoryQuery ONE_FILE = new HistoryQuery(HOT_APP, HOT_ENV, null, null, null, null, 50, null);
    private static final HistoryQuery ONE_KEY_EVERYWHERE =
            new HistoryQuery(null, null, COLD_KEY, null, null, null, 50, null);
    private static final HistoryQuery RARE_KEY =
            HistoryQuery.ofKey(new AppName(FastImport.app(500)), new EnvName("staging"), COLD_KEY, 50);

    private static void afterHistory(Path dataDir, boolean historyOnly) {
        long start = System.nanoTime();
        GitConfigStore store = GitConfigStore.open(dataDir);
        store.snapshot();
        report(
                "start-up: open + first snapshot",
                ms(start),
                "ms",
                "target <= 10 s, heap -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m");
        System.gc();
        report(
                "heap used after the first snapshot",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                "MB",
                "");

        System.out.println("  before maintenance (loose objects and fast-import packs, no commit-graph):");
        history(store, "last 50 changes of one key", LAST_CHANGES_OF_KEY, "target <= 100 ms");
        history(store, "first page (50), unfiltered", UNFILTERED, "target <= 100 ms");
        history(store, "first page (50), one key in every app/env", ONE_KEY_EVERYWHERE, "target <= 300 ms");
        history(store, "first page (50), one app/env", ONE_FILE, "");

        start = System.nanoTime();
        store.maintain();
        report("maintain(): gc, pack refs, commit-graph with changed paths", ms(start) / 1000, "s", "");
        System.out.println("  after maintenance:");
        historyAfterMaintenance(store);
        store.close();

        start = System.nanoTime();
        store = GitConfigStore.open(dataDir);
        store.snapshot();
        report("start-up after maintenance: open + first snapshot", ms(start), "ms", "target <= 10 s");
        history(
                store,
                "first page (50), one key in every app/env, after this start-up",
                ONE_KEY_EVERYWHERE,
                "target <= 300 ms");
        report("load average now", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), "", "");
        if (historyOnly) {
            store.close();
            return;
        }
        commits(store, null, WARMUP_COMMITS, new Random(6));
        double[] latencies = commits(store, null, MEASURED_COMMITS, new Random(3));
        report(
                "one-key commit after " + HISTORY_COMMITS + " commits, median",
                percentile(latencies, 50),
                "ms",
                "target <= 10 ms");
        report("one-key commit after " + HISTORY_COMMITS + " commits, p99", percentile(latencies, 99), "ms", "");
        report(
                "one-key commit after " + HISTORY_COMMITS + " commits, CPU time median",
                percentile(lastCpu, 50),
                "ms",
                "");
        store.close();
    }

    private static void historyAfterMaintenance(GitConfigStore store) {
        history(store, "last 50 changes of one key", LAST_CHANGES_OF_KEY, "target <= 100 ms");
        history(store, "first page (50), unfiltered", UNFILTERED, "target <= 100 ms");
        history(store, "first page (50), one key in every app/env", ONE_KEY_EVERYWHERE, "target <= 300 ms");
        history(store, "first page (50), one app/env", ONE_FILE, "");
        history(store, "a rarely changed key (walks the whole history)", RARE_KEY, "");
        System.gc();
        report(
                "heap used after these history queries",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                "MB",
                "");
    }

    /** {@code --history-again}: the history queries on the directory a previous run left, in this JVM. */
    private static void historyQueries(Path dataDir) {
        System.out.printf(
                "History queries on %s, max heap %d MB, load average %.1f%n",
                dataDir,
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long start = System.nanoTime();
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            store.snapshot();
            report("start-up: open + first snapshot", ms(start), "ms", "");
            historyAfterMaintenance(store);
        }
        report("load average now", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), "", "");
    }

    /** Times {@code query} once cold and then five times; prints the first and the median. */
    private static void history(GitConfigStore store, String what, HistoryQuery query, String target) {
        long start = System.nanoTime();
        HistoryPage page = store.history(query);
        double first = ms(start);
        double[] runs = new double[5];
        for (int i = 0; i < runs.length; i++) {
            long t = System.nanoTime();
            store.history(query);
            runs[i] = ms(t);
        }
        report(
                "  " + what,
                percentile(runs, 50),
                "ms",
                "first run " + String.format("%.1f", first) + " ms, "
                        + page.entries().size() + " commits; " + target);
    }

    /** CPU time of the benchmark thread per commit, of the last call of {@link #commits}: the work, without waits. */
    private static double[] lastCpu = new double[0];

    private static double[] commits(GitConfigStore store, FastImport generator, int count, Random random) {
        double[] latencies = new double[count];
        double[] cpu = new double[count];
        for (int i = 0; i < count; i++) {
            int e = random.nextInt(FastImport.ENVS.length);
            int a = random.nextInt(FastImport.APPS);
            int k = random.nextInt(FastImport.KEYS);
            String value = "w" + random.nextInt(1_000_000);
            ChangeSet change = new ChangeSet(
                    new AppName(FastImport.app(a)),
                    new EnvName(FastImport.ENVS[e]),
                    new TreeMap<>(Map.of(new SettingKey(FastImport.key(k)), value)),
                    new TreeSet<>(),
                    "Set " + FastImport.key(k),
                    WRITER,
                    store.head());
            long start = System.nanoTime();
            long startCpu = THREADS.getCurrentThreadCpuTime();
            store.commit(change);
            latencies[i] = ms(start);
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6;
            if (generator != null) {
                generator.changed(e, a, k, value);
            }
        }
        lastCpu = cpu;
        return latencies;
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String what, double value, String unit, String note) {
        System.out.printf("%-62s %10.2f %-3s %s%n", what, value, unit, note);
    }

    private static double fsyncMillis(Path dir) throws IOException {
        Path scratch = Files.createTempDirectory(dir, "fsync-");
        double[] latencies = new double[100];
        for (int i = 0; i < latencies.length; i++) {
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(
                    scratch.resolve("f" + i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(1024));
                channel.force(true);
            }
            latencies[i] = ms(start);
        }
        deleteRecursively(scratch);
        return percentile(latencies, 50);
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals(StaleLocks.INSTANCE_FILE)) {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
