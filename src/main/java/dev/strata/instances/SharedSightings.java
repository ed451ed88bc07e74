package dev.strata.instances;

import dev.strata.LogText;
import dev.strata.config.InstanceSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sightings of the whole fleet: this Strata instance's own, in memory, merged with the
 * snapshots the other Strata instances on the remote published ({@link InstanceSnapshots}). Where
 * two know the same instance, the newest sighting wins (this instance's own on a tie), and the
 * 24-hour expiry applies to all. Without a remote there is nobody to share with: the own sightings
 * are all there is, and nothing is published.
 * <p>
 * A snapshot is read again only when its version changed, so listing costs one look at the refs.
 * One that cannot be read (written by hand, by an older or newer Strata, or hostile) is left out with
 * a warning, once per version; the others still count.
 */
final class SharedSightings {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSightings.class);

    private final Sightings own;
    /** Null without a remote. */
    private final InstanceSnapshots snapshots;
    /** Null without a remote. */
    private final StrataInstanceId strataInstance;

    /** The other Strata instances' snapshots as last read, by their id. */
    private Map<String, Read> read = Map.of();

    private Map<Sightings.Key, Sighting> others = Map.of();

    private record Read(String version, Map<Sightings.Key, Sighting> sightings) {}

    SharedSightings(Sightings own, InstanceSnapshots snapshots, StrataInstanceId strataInstance) {
        this.own = own;
        this.snapshots = snapshots;
        this.strataInstance = strataInstance;
    }

    /** Publishes this Strata instance's own sightings for the others (and fetches theirs, with a remote). */
    void publish() {
        if (snapshots != null) {
            snapshots.publish(strataInstance.value(), SightingsSnapshot.write(own));
        }
    }

    Instant now() {
        return own.now();
    }

    /** The named instances of {@code app} in {@code env} in the whole fleet, by id. */
    List<Sighting> named(String app, String env) {
        List<Sighting> named = new ArrayList<>();
        each((key, sighting) -> {
            if (key.instance() != null && key.app().equals(app) && key.env().equals(env)) {
                named.add(sighting);
            }
        });
        named.sort(Comparator.comparing(Sighting::instance));
        return named;
    }

    /** How many clients of {@code app} in {@code env} sent no instance id, by address, in the whole fleet. */
    int unnamed(String app, String env) {
        int[] count = {0};
        each((key, sighting) -> {
            if (key.instance() == null && key.app().equals(app) && key.env().equals(env)) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Every sighting of the fleet within {@link Sightings#KEEP}, the newest of each instance. */
    void each(BiConsumer<Sightings.Key, Sighting> action) {
        Map<Sightings.Key, Sighting> others = others();
        if (others.isEmpty()) {
            own.each(action);
            return;
        }
        long oldest = own.now().toEpochMilli() - Sightings.KEEP.toMillis();
        Map<Sightings.Key, Sighting> merged = new HashMap<>(others.size() + own.size());
        others.forEach((key, sighting) -> {
            if (sighting.seen() >= oldest) {
                merged.put(key, sighting);
            }
        });
        own.each((key, sighting) ->
                merged.merge(key, sighting, (theirs, mine) -> mine.seen() >= theirs.seen() ? mine : theirs));
        merged.forEach(action);
    }

    /** The other Strata instances' sightings, read again where their snapshot changed; at most {@link Sightings#CAPACITY}, the newest. */
    private synchronized Map<Sightings.Key, Sighting> others() {
        if (snapshots == null) {
            return others;
        }
        Map<String, String> published = new HashMap<>(snapshots.published());
        published.remove(strataInstance.value());
        if (published.size() == read.size()
                && published.entrySet().stream()
                        .allMatch(entry -> read.containsKey(entry.getKey())
                                && read.get(entry.getKey()).version().equals(entry.getValue()))) {
            return others;
        }
        Map<String, Read> now = new HashMap<>();
        published.forEach((id, version) -> {
            Read before = read.get(id);
            now.put(id, before != null && before.version().equals(version) ? before : read(id, version));
        });
        Map<Sightings.Key, Sighting> merged = new HashMap<>();
        now.values()
                .forEach(snapshot -> snapshot.sightings()
                        .forEach((key, sighting) ->
                                merged.merge(key, sighting, (one, other) -> other.seen() > one.seen() ? other : one)));
        read = now;
        others = merged.size() > Sightings.CAPACITY ? newest(merged) : merged;
        return others;
    }

    private static Map<Sightings.Key, Sighting> newest(Map<Sightings.Key, Sighting> sightings) {
        List<Map.Entry<Sightings.Key, Sighting>> byAge = new ArrayList<>(sightings.entrySet());
        byAge.sort(Comparator.comparingLong(entry -> -entry.getValue().seen()));
        Map<Sightings.Key, Sighting> newest = new HashMap<>();
        for (var entry : byAge.subList(0, Sightings.CAPACITY)) {
            newest.put(entry.getKey(), entry.getValue());
        }
        return newest;
    }

    private Read read(String strataInstance, String version) {
        long now = own.now().toEpochMilli();
        try {
            return new Read(
                    version,
                    SightingsSnapshot.read(
                            snapshots.read(strataInstance, version), now - Sightings.KEEP.toMillis(), now));
        } catch (SightingsSnapshot.Unreadable e) {
            LOG.warn(
                    "The instance snapshot of Strata instance {} ({}) is left out: {}",
                    LogText.of(strataInstance),
                    version,
                    LogText.of(e.getMessage()));
            return new Read(version, Map.of());
        } catch (RuntimeException e) {
            LOG.warn("{}; it is left out", LogText.of(e.getMessage()));
            return new Read(version, Map.of());
        }
    }
}
