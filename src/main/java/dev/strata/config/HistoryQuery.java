package dev.strata.config;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which commits to list. Every criterion is optional (null means any); they combine with AND.
 *
 * @param app    commits that touched this application (its schema or any of its settings files)
 * @param env    commits that touched this environment
 * @param key    commits that changed this key (in the selected application and environment, if given)
 * @param author commits whose author name or e-mail contains this text, ignoring case
 * @param since  commits made at or after this instant
 * @param until  commits made before this instant
 * @param limit  at most this many commits, 1 to {@value #MAX_LIMIT}
 * @param cursor where the previous page ended ({@link HistoryPage#nextCursor()}), or null for the newest
 */
public record HistoryQuery(
        @Nullable AppName app,
        @Nullable EnvName env,
        @Nullable SettingKey key,
        @Nullable String author,
        @Nullable Instant since,
        @Nullable Instant until,
        int limit,
        @Nullable String cursor) {

    public static final int MAX_LIMIT = 500;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (author != null && author.isBlank()) {
            author = null;
        }
    }

    /** The newest {@code limit} commits. */
    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(null, null, null, null, null, null, limit, null);
    }

    /** The newest {@code limit} commits that changed {@code key} of {@code app} in {@code env}. */
    public static HistoryQuery ofKey(AppName app, EnvName env, SettingKey key, int limit) {
        return new HistoryQuery(app, env, key, null, null, null, limit, null);
    }

    /** The same query, continuing after {@code cursor}. */
    public HistoryQuery after(String cursor) {
        return new HistoryQuery(app, env, key, author, since, until, limit, cursor);
    }
}
