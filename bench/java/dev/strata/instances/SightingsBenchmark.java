package dev.strata.instances;

import java.time.Clock;
import java.util.Random;

/**
 * The heap 100,000 sightings take (a typical fleet, and the worst the header limits allow), and
 * the time one recording takes on the serving path, for 10,000 instances polling in turn. Strings
 * are made anew for every request, as Tomcat makes them. Run (after {@code ./mvnw -q -Pbench test-compile}):
 * {@code java -Xmx512m -cp target/test-classes:target/classes dev.strata.instances.SightingsBenchmark}.
 */
public final class SightingsBenchmark {

    private static final String[] APPS = {
        "payments", "checkout", "search", "discovery", "billing", "orders", "ledger", "catalog", "users", "mail"
    };
    private static final String HEAD = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0";

    private SightingsBenchmark() {}

    public static void main(String[] args) {
        System.out.printf(
                "heap of 100,000 sightings, typical (ids of 27 characters, labels 'zone=eu-1,canary=false'): %.1f MB%n",
                heap(false));
        System.out.printf(
                "heap of 100,000 sightings, worst (ids of 128 characters, 512 characters of labels, all different): %.1f MB%n",
                heap(true));
        recording();
    }

    private static double heap(boolean worst) {
        Random random = new Random(7);
        long before = used();
        Sightings sightings = new Sightings(Clock.systemUTC(), Sightings.CAPACITY);
        for (int i = 0; i < Sightings.CAPACITY; i++) {
            String app = APPS[i % APPS.length];
            String id = worst
                    ? String.format("%0128d", i)
                    : app + "-"
                            + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                                    .substring(0, 10) + "-" + i;
            String labels =
                    worst ? "k=" + String.format("%0510d", i) : "zone=eu-" + (1 + random.nextInt(3)) + ",canary=false";
            sightings.record(
                    new String(app),
                    new String("production"),
                    id,
                    labels,
                    new String(HEAD),
                    "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256),
                    app + "-production");
        }
        long after = used();
        if (sightings.size() != Sightings.CAPACITY) {
            throw new IllegalStateException("expected " + Sightings.CAPACITY + " sightings, got " + sightings.size());
        }
        return (after - before) / 1e6;
    }

    private static void recording() {
        Sightings sightings = new Sightings(Clock.systemUTC(), Sightings.CAPACITY);
        int instances = 10_000;
        String[] ids = new String[instances];
        for (int i = 0; i < instances; i++) {
            ids[i] = "payments-" + Integer.toHexString(0x100000 + i);
        }
        for (int round = 0; round < 5; round++) {
            int requests = 2_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                sightings.record(
                        new String("payments"),
                        new String("production"),
                        new String(ids[i % instances]),
                        "zone=eu-1,canary=false",
                        new String(HEAD),
                        "10.0.0.1",
                        "payments-production");
            }
            long took = System.nanoTime() - start;
            System.out.printf(
                    "recording, round %d: %.0f ns per request (%,d requests, %,d instances)%n",
                    round + 1, (double) took / requests, requests, instances);
        }
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
