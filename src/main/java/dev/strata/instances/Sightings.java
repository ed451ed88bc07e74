package dev.strata.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The instances seen in the last {@link #KEEP}, by application, environment and instance id: in
 * memory only, as they change with every poll and mean nothing after a day. At most
 * {@code capacity} are kept; past it the longest unseen are forgotten first. Recording is one
 * {@link ConcurrentHashMap#compute} per served request; forgetting is batched, so that its cost
 * spreads over many requests.
 */
public final class Sightings {

    public static final Duration KEEP = Duration.ofHours(24);
    public static final int CAPACITY = 100_000;
    /** A request attribute for the revision an answer carries in its body rather than its ETag (Spring Cloud Config's). */
    public static final String SERVED_REVISION = Sightings.class.getName() + ".revision";
    /** Changes shorter than this are the same poll seen twice (a Spring client asking for two formats), not an interval. */
    private static final long SAME_POLL_MILLIS = 1000;

    private static final int MAX_SHARED = 10_000;

    private final ConcurrentHashMap<Key, Sighting> seen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    public Sightings(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * What identifies a sighting: a named instance by its id, a client that sent none by its
     * address (several behind one address count once).
     */
    record Key(String app, String env, String instance, String address) {}

    /**
     * Remembers a configuration answered on {@code GET /api/v1/config/{app}/{env}}, whichever way
     * it went: only a served one (200 or 304) with the revision as its ETag counts, so a refused
     * request records nothing.
     */
    public void recordServed(
            String app,
            String env,
            int status,
            @Nullable String etag,
            String instance,
            String labels,
            String address,
            String token) {
        if ((status == 200 || status == 304) && etag != null && etag.length() > 2) {
            record(app, env, instance, labels, etag.substring(1, etag.length() - 1), address, token);
        }
    }

    /**
     * Remembers that {@code app} in {@code env} was served {@code revision}. An invalid instance id
     * makes the client unnamed; invalid labels are left out.
     */
    public void record(
            String app, String env, String instance, String labels, String revision, String address, String token) {
        String id = InstanceHeaders.validInstance(instance) ? instance : null;
        String label = id != null && labels != null && InstanceHeaders.validLabels(labels) ? labels : null;
        long now = clock.millis();
        var key = new Key(app, env, id, id == null ? address : null);
        if (seen.get(key) == null) {
            String tokenName = token == null ? null : shared(token);
            String served = shared(revision);
            String sharedLabel = label == null ? null : shared(label);
            seen.compute(
                    new Key(shared(app), shared(env), id, key.address()),
                    (k, before) -> next(before, id, sharedLabel, served, now, address, tokenName));
            if (seen.size() > capacity) {
                forgetOldest();
            }
            return;
        }
        // an instance seen before mostly polls with what it sent before: its key and its strings are
        // kept as they are, rather than looked up in the shared ones again (JFR under wrk: with
        // 10,000 instances polling, recording was about 3 % of a served request's CPU time)
        seen.compute(
                key,
                (k, before) -> next(
                        before,
                        id,
                        before == null || !Objects.equals(label, before.labels()) ? shareable(label) : before.labels(),
                        before == null || !revision.equals(before.revision()) ? shared(revision) : before.revision(),
                        now,
                        address,
                        before == null || !Objects.equals(token, before.token()) ? shareable(token) : before.token()));
    }

    private static Sighting next(
            Sighting before, String id, String label, String served, long now, String address, String tokenName) {
        if (before == null) {
            return new Sighting(id, label, served, now, 0, address, tokenName);
        }
        long gap = now - before.seen();
        return new Sighting(
                id,
                label,
                served,
                now,
                gap < SAME_POLL_MILLIS ? before.interval() : gap,
                address.equals(before.address()) ? before.address() : address,
                tokenName);
    }

    private String shareable(String text) {
        return text == null ? null : shared(text);
    }

    /**
     * One copy of each application, environment, revision, label set and token name, rather than one per
     * instance: every request brings its own strings, and 100,000 instances mostly share a handful.
     * These come from answered requests, so there are few; the table starts over if they grow.
     */
    private String shared(String text) {
        if (names.size() > MAX_SHARED) {
            names.clear();
        }
        String known = names.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    /** Now, by the clock the sightings are dated by. */
    public Instant now() {
        return clock.instant();
    }

    /** The named instances of {@code app} in {@code env} seen in the last {@link #KEEP}. */
    public List<Sighting> named(String app, String env) {
        List<Sighting> named = new ArrayList<>();
        each((key, sighting) -> {
            if (key.instance() != null && key.app().equals(app) && key.env().equals(env)) {
                named.add(sighting);
            }
        });
        named.sort(Comparator.comparing(Sighting::instance));
        return named;
    }

    /** How many clients of {@code app} in {@code env} sent no instance id in the last {@link #KEEP}, by address. */
    public int unnamed(String app, String env) {
        int[] count = {0};
        each((key, sighting) -> {
            if (key.instance() == null && key.app().equals(app) && key.env().equals(env)) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Every sighting within {@link #KEEP}, with its application and environment. */
    void each(BiConsumer<Key, Sighting> action) {
        long oldest = clock.millis() - KEEP.toMillis();
        seen.forEach((key, sighting) -> {
            if (sighting.seen() >= oldest) {
                action.accept(key, sighting);
            }
        });
    }

    /** How many sightings are held, the expired ones not yet forgotten included. */
    int size() {
        return seen.size();
    }

    /**
     * Forgets the expired sightings, and past the capacity the least recently seen beyond it plus
     * a hundredth, so that a full table sorts once per that many new instances rather than per request.
     */
    synchronized void forgetOldest() {
        forgetExpired();
        int excess = seen.size() - capacity;
        if (excess <= 0) {
            return;
        }
        List<Map.Entry<Key, Sighting>> entries = new ArrayList<>(seen.entrySet());
        entries.sort(Comparator.comparingLong(entry -> entry.getValue().seen()));
        int forget = Math.min(entries.size(), excess + capacity / 100);
        for (int i = 0; i < forget; i++) {
            seen.remove(entries.get(i).getKey(), entries.get(i).getValue());
        }
    }

    /** Forgets what was last seen longer than {@link #KEEP} ago. */
    public void forgetExpired() {
        long oldest = clock.millis() - KEEP.toMillis();
        seen.values().removeIf(sighting -> sighting.seen() < oldest);
    }
}
