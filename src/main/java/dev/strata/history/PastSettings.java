package dev.strata.history;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeyChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.security.CurrentUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * An application's settings as they were at a past revision or date, and how they changed between
 * two of those. Read-only; secrets are masked as everywhere else in the history.
 */
@Service
public class PastSettings {

    /** What {@link #resolve} takes for a commit id rather than a date: Git's shortest abbreviation has 4 digits. */
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{4,40}");

    private final ConfigStore store;
    private final ConfigHistory history;
    private final HistoryService commits;
    private final CurrentUser currentUser;

    PastSettings(ConfigStore store, ConfigHistory history, HistoryService commits, CurrentUser currentUser) {
        this.store = store;
        this.history = history;
        this.commits = commits;
        this.currentUser = currentUser;
    }

    /**
     * The commit {@code when} names: {@code now} (or nothing) for the head, a commit id of the main branch's history or any
     * unique abbreviation of one (4 to 40 hexadecimal digits, as {@code git rev-parse} takes them), or a date
     * ({@code 2026-11-20}: the state at the end of that day, UTC) or an instant ({@code 2026-11-20T18:00:00Z}): the newest
     * commit made before it.
     *
     * @throws ValidationException when {@code when} is none of these, or an abbreviation several commits start with
     * @throws NotFoundException   when there is no such commit, or none before that time
     */
    public Revision resolve(String when) {
        currentUser.require();
        String text = when == null ? "" : when.strip();
        if (text.isEmpty() || text.equals("now")) {
            return store.head();
        }
        if (COMMIT_ID.matcher(text).matches()) {
            return history.resolve(text);
        }
        Instant until;
        try {
            until = text.contains("T")
                    ? Instant.parse(text)
                    : LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ValidationException(
                    "revision",
                    "'" + abbreviate(text) + "' is neither a commit id (4 to 40"
                            + " hexadecimal digits, such as the 7 every page shows) nor a date such as 2026-11-20");
        }
        List<HistoryEntry> before = history.history(new HistoryQuery(null, null, null, null, null, until, 1, null))
                .entries();
        if (before.isEmpty()) {
            throw new NotFoundException("there is no commit before " + text + "; the repository is younger");
        }
        return before.getFirst().revision();
    }

    /**
     * The settings of {@code app} in every environment at {@code when} (see {@link #resolve}).
     *
     * @throws NotFoundException when the application did not exist then
     */
    public PastState at(AppName app, String when) {
        Revision revision = resolve(when);
        ConfigSnapshot then = store.snapshot(revision);
        ConfigSnapshot now = store.snapshot();
        if (then.application(app).isEmpty()) {
            throw new NotFoundException("application " + app + " did not exist at " + revision.abbreviated());
        }
        List<EnvName> environments = then.pipeline().names();
        Set<SettingKey> keys = new TreeSet<>(
                then.resolution(app, environments.getFirst()).schema().keys().keySet());
        environments.forEach(
                env -> keys.addAll(then.resolution(app, env).values().keySet()));
        List<PastRow> rows = new ArrayList<>();
        for (SettingKey key : keys) {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            for (EnvName env : environments) {
                // the values it got then, inherited ones as the shared sets held them then; defaults apart
                Resolution.Value resolved = then.resolution(app, env).values().get(key);
                if (resolved == null || resolved.layer() == Resolution.Layer.DEFAULT) {
                    values.put(env.value(), null);
                    continue;
                }
                AppEnv holder = new AppEnv(resolved.holder(), env);
                String value = resolved.value();
                boolean secret = resolved.spec().secret()
                        || HistoryService.isSecret(then, holder, key)
                        || HistoryService.isSecret(now, holder, key)
                        || HistoryService.isSecret(now, new AppEnv(app, env), key)
                        || Secrecy.isSealed(value);
                values.put(env.value(), Secrecy.shown(secret, value));
                sources.put(env.value(), resolved.source());
            }
            rows.add(new PastRow(key.value(), values, sources));
        }
        return new PastState(
                app.value(),
                commits.commit(revision),
                environments.stream().map(EnvName::value).toList(),
                rows,
                defaults(then, now, app));
    }

    /**
     * How the settings of {@code app} changed from {@code from} to {@code to} (see {@link #resolve}), per environment in
     * promotion order, then by key. An application that did not exist at one end has all its keys added or removed.
     */
    public Comparison compare(AppName app, String from, String to) {
        return compare(app, resolve(from), resolve(to));
    }

    /**
     * As {@link #compare(AppName, String, String)}, between two commits {@link #resolve} answered: resolving an old
     * commit walks the history from the head back to it, so a caller that resolved the ends already does not pay
     * for it again.
     */
    public Comparison compare(AppName app, Revision start, Revision end) {
        currentUser.require();
        ConfigSnapshot now = store.snapshot();
        Set<EnvName> environments =
                new LinkedHashSet<>(store.snapshot(start).pipeline().names());
        environments.addAll(store.snapshot(end).pipeline().names());
        List<HistoryService.Change> changes = new ArrayList<>();
        ConfigSnapshot before = store.snapshot(start);
        ConfigSnapshot after = store.snapshot(end);
        for (EnvName env : environments) {
            Set<SettingKey> own = new TreeSet<>();
            for (var change : history.diff(start, end, app, env)) {
                changes.add(HistoryService.change(new SettingChange(new AppEnv(app, env), change), now));
                own.add(change.key());
            }
            changes.addAll(inheritedChanges(before, after, app, env, own));
        }
        return new Comparison(
                app.value(),
                commits.commit(start),
                commits.commit(end),
                changes,
                defaults(store.snapshot(start), now, app),
                defaults(store.snapshot(end), now, app));
    }

    /**
     * How the values {@code app} inherits from shared sets in {@code env} changed between two snapshots, for the keys
     * its own file did not change ({@code own}); each named after the set that holds the value (after, or else before).
     */
    private static List<HistoryService.Change> inheritedChanges(
            ConfigSnapshot before, ConfigSnapshot after, AppName app, EnvName env, Set<SettingKey> own) {
        Map<SettingKey, Resolution.Value> from = inherited(before, app, env);
        Map<SettingKey, Resolution.Value> to = inherited(after, app, env);
        Set<SettingKey> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        keys.removeAll(own);
        List<HistoryService.Change> changes = new ArrayList<>();
        for (SettingKey key : keys) {
            Resolution.Value was = from.get(key);
            Resolution.Value is = to.get(key);
            String a = was == null ? null : was.value();
            String b = is == null ? null : is.value();
            if (Objects.equals(a, b)
                    || before.settings(app, env).get(key).isPresent()
                    || after.settings(app, env).get(key).isPresent()) {
                continue; // the same, or hidden by the application's own value at either end
            }
            Resolution.Value holder = is != null ? is : was;
            boolean secret = holder.spec().secret() || Secrecy.isSealed(a) || Secrecy.isSealed(b);
            var kind = a == null ? KeyChange.Kind.ADDED : b == null ? KeyChange.Kind.REMOVED : KeyChange.Kind.CHANGED;
            changes.add(new HistoryService.Change(
                    holder.holder().value(),
                    env.value(),
                    key.value(),
                    kind,
                    secret ? null : a,
                    secret ? null : b,
                    secret));
        }
        return changes;
    }

    private static Map<SettingKey, Resolution.Value> inherited(ConfigSnapshot snapshot, AppName app, EnvName env) {
        Map<SettingKey, Resolution.Value> inherited = new LinkedHashMap<>();
        if (snapshot.application(app).isPresent() && snapshot.pipeline().contains(env)) {
            snapshot.resolution(app, env).values().forEach((key, value) -> {
                if (value.layer() == Resolution.Layer.SHARED) {
                    inherited.put(key, value);
                }
            });
        }
        return inherited;
    }

    /**
     * The newest commits that changed {@code app} (its settings or schema), to pick a point of its history from.
     */
    public List<HistoryService.Commit> recent(AppName app, int limit) {
        return commits.page(new HistoryQuery(app, null, null, null, null, null, limit, null))
                .entries();
    }

    /**
     * Key to the default {@code app} got in {@code then}, its schema's or else a shared set's, masked when the key
     * is secret then or now.
     */
    private static Map<String, String> defaults(ConfigSnapshot then, ConfigSnapshot now, AppName app) {
        Map<String, String> defaults = new LinkedHashMap<>();
        EnvName any = then.pipeline().names().getFirst();
        then.application(app)
                .ifPresent(application -> then.resolution(app, any)
                        .schema()
                        .keys()
                        .forEach((key, spec) -> {
                            if (spec.defaultValue() != null) {
                                boolean secret = spec.secret()
                                        || now.application(app)
                                                .map(current -> current.schema()
                                                        .spec(key)
                                                        .secret())
                                                .orElse(false);
                                defaults.put(key.value(), Secrecy.shown(secret, spec.defaultValue()));
                            }
                        }));
        return defaults;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    /**
     * One application at one past commit; {@code rows} hold, per key, each environment's value (null: not set), and
     * {@code defaults} the schema's default of each key that has one, masked when secret.
     */
    public record PastState(
            String app,
            HistoryService.Commit commit,
            List<String> environments,
            List<PastRow> rows,
            Map<String, String> defaults) {}

    /**
     * @param values  environment to value, in promotion order; null when not set (neither by the application
     *                nor by a set it includes), masked when secret
     * @param sources environment to where its value comes from: {@code app} or {@code shared:<set>}
     */
    public record PastRow(String key, Map<String, String> values, Map<String, String> sources) {}

    /** @param defaultsBefore and {@code defaultsAfter}: the schema's defaults at each end, as in {@link PastState} */
    public record Comparison(
            String app,
            HistoryService.Commit from,
            HistoryService.Commit to,
            List<HistoryService.Change> changes,
            Map<String, String> defaultsBefore,
            Map<String, String> defaultsAfter) {}
}
