import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long run of Strata at a steady, modest rate of everything it does at once, to see whether heap
 * or latency grows: writes (PATCH as an editor), reads of a configuration with a token on a fixed
 * schedule, watchers that wait for a change and wait again after each one, and change requests
 * (opened, approved by someone else, merged). Every interval it prints the p99 of each over that
 * interval, the heap used after a forced full collection, Strata's thread count and the load
 * average; at the end it compares the last interval with the second (the first includes the JIT
 * compiler's warm-up).
 * <p>
 * Latencies of reads count from when the request was due, not when it was sent, so that a client
 * falling behind shows as latency rather than as fewer requests. A watcher's delivery counts from
 * the acknowledgement of the write it receives (0 when it arrived before the acknowledgement).
 * Usage: java Soak.java <strata-url> <token> <strata-pid> <jcmd> <duration-s> <interval-s>
 * Rates from the environment: WRITES_PER_S (2), READS_PER_S (500), WATCHERS (300), CR_EVERY_S (10).
 */
public class Soak {

    static final String APP = "soak";
    static final Pattern REVISION = Pattern.compile("\"revision\":\"([0-9a-f]{40})\"");
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    /** Connections that read, as wrk with a low connection count: their number bounds the requests in flight. */
    static final int READERS = 32;

    final URI base;
    final String token;
    final String pid;
    final String jcmd;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final HttpClient watching = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Measure writes = new Measure();
    final Measure reads = new Measure();
    final Measure deliveries = new Measure();
    final Measure changeRequests = new Measure();
    /** When each revision written was acknowledged, for the watchers' delivery times. */
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    volatile boolean running = true;

    Soak(URI base, String token, String pid, String jcmd) {
        this.base = base;
        this.token = token;
        this.pid = pid;
        this.jcmd = jcmd;
    }

    public static void main(String[] args) throws Exception {
        var soak = new Soak(URI.create(args[0]), args[1], args[2], args[3]);
        long duration = Long.parseLong(args[4]);
        long interval = Long.parseLong(args[5]);
        soak.run(
                TimeUnit.SECONDS.toNanos(duration),
                TimeUnit.SECONDS.toNanos(interval),
                Integer.parseInt(env("WRITES_PER_S", "2")),
                Integer.parseInt(env("READS_PER_S", "500")),
                Integer.parseInt(env("WATCHERS", "300")),
                Integer.parseInt(env("CR_EVERY_S", "10")));
        System.exit(0);
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    void run(long duration, long interval, int writesPerSecond, int readsPerSecond, int watchers, int crEvery)
            throws Exception {
        var created = send("POST", "/api/v1/apps", "admin", "{\"name\":\"" + APP + "\",\"description\":\"soak benchmark\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + APP + ": " + created.statusCode() + " " + created.body());
        }
        String settings = "/api/v1/apps/" + APP + "/envs/dev/settings";
        String first = matching(REVISION, send("GET", settings, "alice", null).body());
        var writer = new Writer(settings, first);
        writer.write(); // the first revision of soak/dev, which the watchers start from
        String etag = http.send(config("/api/v1/config/" + APP + "/dev").build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("ETag").orElseThrow();

        ScheduledExecutorService schedule = Executors.newScheduledThreadPool(4);
        long start = System.nanoTime();
        schedule.scheduleAtFixedRate(writer::tryWrite, 0, 1_000_000_000L / writesPerSecond, TimeUnit.NANOSECONDS);
        for (int i = 0; i < READERS; i++) {
            long offset = i * 1_000_000_000L / readsPerSecond;
            Thread.ofPlatform().daemon().name("reader-" + i).start(
                    () -> read(start + offset, READERS * 1_000_000_000L / readsPerSecond));
        }
        schedule.scheduleAtFixedRate(this::tryChangeRequest, crEvery, crEvery, TimeUnit.SECONDS);
        for (int i = 0; i < watchers; i++) {
            watch(etag);
        }

        System.out.printf("%-8s %10s %10s %10s %10s %14s %8s %s%n", "elapsed", "write p99", "read p99",
                "deliv p99", "CR p99", "heap after GC", "threads", "load average (requests: writes, reads, deliveries, CRs; errors)");
        List<Row> rows = new ArrayList<>();
        for (long next = start + interval; next <= start + duration; next += interval) {
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
            var row = new Row((System.nanoTime() - start) / 1_000_000_000L, writes.take(), reads.take(),
                    deliveries.take(), changeRequests.take(), heapAfterGcMb(), threads(), loadAverage());
            rows.add(row);
            System.out.println(row);
        }
        running = false;
        schedule.shutdownNow();
        verdict(rows);
    }

    /** Writes one key of soak/dev at a time, based on the revision of its last write (the API rebases across others). */
    final class Writer {
        final String path;
        String revision;
        long count;

        Writer(String path, String revision) {
            this.path = path;
            this.revision = revision;
        }

        void tryWrite() {
            try {
                write();
            } catch (Exception e) {
                writes.fail(e.toString());
            }
        }

        void write() throws IOException, InterruptedException {
            count++;
            String body = "{\"baseRevision\":\"" + revision + "\",\"message\":\"soak " + count + "\",\"set\":{\"SOAK_"
                    + (count % 20) + "\":\"" + count + "\"}}";
            long sent = System.nanoTime();
            var answer = send("PATCH", path, "alice", body);
            long now = System.nanoTime();
            if (answer.statusCode() != 200) {
                writes.fail(answer.statusCode() + " " + answer.body());
                return;
            }
            revision = matching(REVISION, answer.body());
            acknowledged.put(revision, now);
            writes.add(now - sent);
        }
    }

    /**
     * One of {@value #READERS} connections reading on a fixed schedule, one request every {@code period}:
     * a reader that falls behind sends at once, and its latency counts from when the request was due.
     */
    void read(long due, long period) {
        var request = config("/api/v1/config/payments/production").timeout(Duration.ofSeconds(30)).build();
        for (; running; due += period) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                var answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 200) {
                    reads.fail("status " + answer.statusCode());
                } else {
                    reads.add(System.nanoTime() - due);
                }
            } catch (IOException e) {
                reads.fail(e.toString());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One watcher: waits for soak/dev to change from {@code etag}, then waits again from what it got. */
    void watch(String etag) {
        if (!running) {
            return;
        }
        var request = config("/api/v1/config/" + APP + "/dev?wait=30").header("If-None-Match", etag)
                .timeout(Duration.ofSeconds(90)).build();
        watching.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
            long now = System.nanoTime();
            if (failure != null || answer.statusCode() != 200 && answer.statusCode() != 304) {
                deliveries.fail(failure != null ? failure.toString() : "status " + answer.statusCode());
                watch(etag);
                return;
            }
            String current = answer.headers().firstValue("ETag").orElse(etag);
            if (answer.statusCode() == 200) {
                Long acked = acknowledged.get(current.replace("\"", ""));
                deliveries.add(acked == null ? 0 : Math.max(0, now - acked));
            }
            watch(current);
        });
    }

    void tryChangeRequest() {
        try {
            long started = System.nanoTime();
            var opened = send("POST", "/api/v1/change-requests", "alice", "{\"kind\":\"edit\",\"app\":\"" + APP
                    + "\",\"target\":\"staging\",\"set\":{\"SOAK_REVIEWED\":\"" + started + "\"},\"title\":\"soak\"}");
            if (opened.statusCode() != 201) {
                changeRequests.fail("open: " + opened.statusCode() + " " + opened.body());
                return;
            }
            String actions = "/api/v1/change-requests/" + matching(ID, opened.body());
            var approved = send("POST", actions + "/approvals", "bob", null);
            var merged = approved.statusCode() == 200 ? send("POST", actions + "/merge", "bob", null) : approved;
            if (merged.statusCode() != 200) {
                changeRequests.fail("approve or merge: " + merged.statusCode() + " " + merged.body());
                return;
            }
            changeRequests.add(System.nanoTime() - started);
        } catch (Exception e) {
            changeRequests.fail(e.toString());
        }
    }

    HttpRequest.Builder config(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(String method, String path, String person, String json)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((person + ":demo").getBytes(StandardCharsets.UTF_8)));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String matching(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    long heapAfterGcMb() {
        try {
            run(jcmd, pid, "GC.run");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(run(jcmd, pid, "GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    int threads() {
        try {
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .filter(line -> line.startsWith("Threads:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(8).strip()))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The last interval against the second: the first one holds the warm-up of the JIT compiler and the caches. */
    static void verdict(List<Row> rows) {
        if (rows.size() < 2) {
            System.out.println("too short to compare intervals");
            return;
        }
        Row reference = rows.size() >= 3 ? rows.get(1) : rows.get(0);
        Row last = rows.get(rows.size() - 1);
        System.out.printf("last interval against the %s: heap after GC %d -> %d MB (%+d MB); p99 writes %s -> %s, reads %s -> %s,"
                        + " deliveries %s -> %s, change requests %s -> %s%n",
                rows.size() >= 3 ? "second" : "first (only two intervals)", reference.heapMb, last.heapMb,
                last.heapMb - reference.heapMb, ms(reference.writes.p99), ms(last.writes.p99), ms(reference.reads.p99),
                ms(last.reads.p99), ms(reference.deliveries.p99), ms(last.deliveries.p99), ms(reference.crs.p99),
                ms(last.crs.p99));
        // the thresholds: heap by more than 10 % and 16 MB, a p99 by more than half (the machine's load moves it that much)
        boolean heapGrew = last.heapMb > reference.heapMb * 1.1 && last.heapMb - reference.heapMb > 16;
        List<String> grew = new ArrayList<>();
        for (String name : List.of("writes", "reads", "deliveries", "change requests")) {
            Summary a = reference.named(name);
            Summary b = last.named(name);
            if (b.p99 > a.p99 * 1.5 && b.p99 - a.p99 > 5_000_000) {
                grew.add(name);
            }
        }
        System.out.println("heap " + (heapGrew ? "GREW" : "did not grow") + "; p99 "
                + (grew.isEmpty() ? "did not grow" : "GREW for " + String.join(", ", grew)));
    }

    static String ms(long nanos) {
        return nanos < 0 ? "-" : nanos < 10_000_000 ? "%.2f ms".formatted(nanos / 1e6) : "%.0f ms".formatted(nanos / 1e6);
    }

    record Summary(int count, long p99, int errors, String firstError) {}

    record Row(long elapsedS, Summary writes, Summary reads, Summary deliveries, Summary crs, long heapMb, int threads,
            String load) {

        Summary named(String name) {
            return switch (name) {
                case "writes" -> writes;
                case "reads" -> reads;
                case "deliveries" -> deliveries;
                default -> crs;
            };
        }

        @Override
        public String toString() {
            String errors = writes.errors + reads.errors + deliveries.errors + crs.errors == 0 ? "" : "; errors "
                    + writes.errors + ", " + reads.errors + ", " + deliveries.errors + ", " + crs.errors + ", e.g. "
                    + first(writes, reads, deliveries, crs);
            return "%-8s %10s %10s %10s %10s %11d MB %8d %s (%d, %d, %d, %d%s)".formatted(
                    "%d:%02d".formatted(elapsedS / 60, elapsedS % 60), ms(writes.p99), ms(reads.p99),
                    ms(deliveries.p99), ms(crs.p99), heapMb, threads, load, writes.count, reads.count,
                    deliveries.count, crs.count, errors);
        }

        private static String first(Summary... summaries) {
            for (Summary summary : summaries) {
                if (summary.firstError != null) {
                    return summary.firstError.length() > 200 ? summary.firstError.substring(0, 200) : summary.firstError;
                }
            }
            return "";
        }
    }

    /** The latencies and failures of one kind of request since the last {@link #take}. */
    static final class Measure {
        private volatile ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private volatile ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        void add(long nanos) {
            latencies.add(nanos);
        }

        void fail(String why) {
            failures.add(why);
        }

        synchronized Summary take() {
            var taken = new ArrayList<>(latencies);
            var failed = failures;
            latencies = new ConcurrentLinkedQueue<>();
            failures = new ConcurrentLinkedQueue<>();
            Collections.sort(taken);
            long p99 = taken.isEmpty() ? -1 : taken.get(Math.min(taken.size() - 1, (int) Math.ceil(taken.size() * 0.99) - 1));
            return new Summary(taken.size(), p99, failed.size(), failed.peek());
        }
    }
}
