package dev.strata.instances;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The last request of one running instance of an application in an environment.
 *
 * @param instance the {@code Strata-Instance} it sent; null for a client that sent none, which is
 *                 remembered by its address only to be counted
 * @param labels   its {@code Strata-Labels} header as sent (valid), or null
 * @param revision the revision it was served: the ETag of its answer
 * @param seen     when it was last served, in milliseconds since the epoch
 * @param interval the time between its last two requests, 0 until it is seen twice
 * @param address  the address it came from
 * @param token    the name of the API token it used
 */
public record Sighting(
        String instance, String labels, String revision, long seen, long interval, String address, String token) {

    /** How long an instance seen only once may stay away before it counts as stale. */
    static final Duration SEEN_ONCE_STALE = Duration.ofMinutes(5);
    /** Never stale sooner: a client polling every second is not lost after three quiet seconds. */
    static final Duration SHORTEST_STALE = Duration.ofMinutes(1);

    static final int MISSED_POLLS = 3;

    public Map<String, String> labelMap() {
        return InstanceHeaders.labels(labels);
    }

    public Instant lastSeen() {
        return Instant.ofEpochMilli(seen);
    }

    /**
     * Whether it stayed away for longer than {@value #MISSED_POLLS} of its usual intervals (at
     * least {@link #SHORTEST_STALE}), or {@link #SEEN_ONCE_STALE} when it was seen only once.
     */
    public boolean staleAt(Instant now) {
        long away = now.toEpochMilli() - seen;
        long allowed = interval == 0
                ? SEEN_ONCE_STALE.toMillis()
                : Math.max(SHORTEST_STALE.toMillis(), MISSED_POLLS * interval);
        return away > allowed;
    }
}
