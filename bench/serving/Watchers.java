import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Holds N watchers (?wait=60 with If-None-Match) on one configuration, runs a command while they
 * are parked (if given; the benchmark measures Strata's heap with it), then commits a change
 * through the management API and measures when each watcher gets it.
 * Usage: java Watchers.java <strata-url> <token> <watchers> <person:password> [command]
 */
public class Watchers {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int watchers = Integer.parseInt(args[2]);
        String person = args[3];
        String config = base + "/api/v1/config/payments/dev";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        var first = http.send(HttpRequest.newBuilder(URI.create(config)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        var delivered = new ConcurrentLinkedQueue<Long>();
        var failures = new ConcurrentLinkedQueue<String>();
        var opening = new Semaphore(500); // open connections in waves, as real clients start
        List<CompletableFuture<?>> all = new ArrayList<>();
        long openStart = System.nanoTime();
        for (int i = 0; i < watchers; i++) {
            opening.acquire();
            var request = HttpRequest.newBuilder(URI.create(config + "?wait=60"))
                    .header("Authorization", "Bearer " + token).header("If-None-Match", etag)
                    .timeout(Duration.ofSeconds(90)).build();
            var future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            // a request counts as open once it has been handed to the connection; let the next one go
            CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS).execute(opening::release);
            all.add(future.whenComplete((response, error) -> {
                if (error != null) {
                    failures.add(error.toString());
                } else if (response.statusCode() == 200 && response.body().contains("BENCH_MARKER")) {
                    delivered.add(System.nanoTime());
                } else {
                    failures.add("status " + response.statusCode());
                }
            }));
        }
        Thread.sleep(5_000); // let the last requests reach the server and be parked
        System.out.printf("watchers opened: %d in %.1f s%n", watchers, (System.nanoTime() - openStart) / 1e9);
        if (args.length > 4) {
            new ProcessBuilder("sh", "-c", args[4]).inheritIO().start().waitFor();
        }

        var current = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/apps/payments/envs/dev/settings"))
                .header("Authorization", basic(person)).build(), HttpResponse.BodyHandlers.ofString());
        String revision = current.body().replaceAll("(?s).*\"revision\":\"([0-9a-f]{40})\".*", "$1");
        String patch = "{\"baseRevision\":\"" + revision + "\",\"message\":\"benchmark change\",\"set\":{\"BENCH_MARKER\":\""
                + System.nanoTime() + "\"}}";
        long committed = System.nanoTime();
        var commit = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/apps/payments/envs/dev/settings"))
                .header("Authorization", basic(person)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build(), HttpResponse.BodyHandlers.ofString());
        long acknowledged = System.nanoTime();
        if (commit.statusCode() != 200) {
            throw new IllegalStateException("commit failed: " + commit.statusCode() + " " + commit.body());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(120, TimeUnit.SECONDS);

        long last = delivered.stream().mapToLong(Long::longValue).max().orElse(committed);
        System.out.printf("commit acknowledged after %.0f ms%n", (acknowledged - committed) / 1e6);
        System.out.printf("change delivered to %d of %d watchers; the last %.0f ms after the commit was acknowledged"
                + " (%.0f ms after it was sent)%n", delivered.size(), watchers, (last - acknowledged) / 1e6, (last - committed) / 1e6);
        if (!failures.isEmpty()) {
            System.out.println("failures: " + failures.size() + ", e.g. " + failures.peek());
        }
        System.exit(delivered.size() == watchers ? 0 : 1);
    }

    private static String basic(String person) {
        return "Basic " + Base64.getEncoder().encodeToString(person.getBytes(StandardCharsets.UTF_8));
    }
}
