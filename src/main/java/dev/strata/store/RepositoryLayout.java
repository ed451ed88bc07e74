package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;

/** Where things live in the repository; a contract with users and other tools (PRODUCT.md). */
final class RepositoryLayout {

    static final String MAIN = "refs/heads/main";
    static final String SCHEMAS = "schemas/";
    static final String ENVIRONMENTS = "environments/";
    static final String YAML = ".yaml";
    /** A change request's proposed content: {@code changes/<id>}. */
    static final String CHANGE_BRANCHES = "refs/heads/changes/";
    /** A change request's review record: {@code refs/strata/changes/<id>}. */
    static final String CHANGE_RECORDS = "refs/strata/changes/";

    private RepositoryLayout() {}

    static String schema(AppName app) {
        return SCHEMAS + app.value() + YAML;
    }

    static String settings(AppEnv appEnv) {
        return ENVIRONMENTS + appEnv.env().value() + "/" + appEnv.app().value() + YAML;
    }

    static String settings(AppName app, EnvName env) {
        return settings(new AppEnv(app, env));
    }
}
