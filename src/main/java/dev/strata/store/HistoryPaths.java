package dev.strata.store;

import dev.strata.config.ConfigSnapshot;
import dev.strata.config.HistoryQuery;
import java.util.List;
import java.util.TreeSet;

/** Which files of the repository a history query is about, so that the history walk looks at those only. */
final class HistoryPaths {

    private HistoryPaths() {}

    /** The paths a query is about, for the history walk's path filter; empty for all. */
    static List<String> of(ConfigSnapshot head, HistoryQuery query) {
        if (query.app() != null && query.env() != null) {
            return List.of(RepositoryLayout.settings(query.app(), query.env()));
        }
        if (query.env() != null) {
            return List.of(RepositoryLayout.ENVIRONMENTS + query.env().value());
        }
        if (query.app() != null) {
            TreeSet<String> paths = new TreeSet<>();
            paths.add(RepositoryLayout.schema(query.app()));
            head.pipeline().names().forEach(env -> paths.add(RepositoryLayout.settings(query.app(), env)));
            head.settings().keySet().forEach(appEnv -> paths.add(RepositoryLayout.settings(query.app(), appEnv.env())));
            return List.copyOf(paths);
        }
        // A key in any application and environment: nearly every commit touches environments/, so
        // filtering the walk by that directory would only diff every commit's trees twice.
        return List.of();
    }
}
