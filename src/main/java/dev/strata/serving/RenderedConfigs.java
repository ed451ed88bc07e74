package dev.strata.serving;

import dev.strata.config.Revision;
import dev.strata.formats.FileFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Configurations rendered by {@link ConfigServing}, by revision, application, environment and
 * format, so that a repeated request costs no Git access and no rendering. A revision never changes,
 * so an entry never goes stale; when the cache is full it starts over, which keeps memory flat
 * without slowing down reads with bookkeeping.
 */
@Component
class RenderedConfigs {

    static final int CAPACITY = 20_000;

    record Key(Revision revision, String app, String env, FileFormat format) {}

    private final Map<Key, ConfigServing.Served> entries = new ConcurrentHashMap<>();

    /** The rendered configuration in UTF-8 with its ETag, as it is sent: a cached request encodes nothing. */
    ConfigServing.Served get(Key key, Function<Key, ConfigServing.Served> render) {
        ConfigServing.Served cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        return entries.computeIfAbsent(key, render);
    }
}
