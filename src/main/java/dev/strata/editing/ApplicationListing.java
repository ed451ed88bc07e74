package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.Drift;
import dev.strata.config.EnvName;
import dev.strata.config.Includes;
import dev.strata.config.LastChange;
import dev.strata.config.ReadError;
import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import dev.strata.secrets.Secrets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The applications of one snapshot as the overview lists them: filtered and counted from their schemas
 * alone, and summarised (key counts, drift, problems) only when a row is fetched, each once. A snapshot
 * never changes, so neither does a summary made from it: one listing serves every overview opened at
 * that revision, and the next commit makes a new one.
 */
public final class ApplicationListing {

    private final ConfigSnapshot snapshot;
    private final Secrets secrets;
    private final Map<AppName, LastChange> lastChanges;
    private final List<EnvName> environments;
    /** The applications that are no shared sets, in name order: the rows of the overview. */
    private final List<Application> applications;

    private final List<Application> sharedSets;
    private final Map<AppName, ApplicationSummary> summaries = new ConcurrentHashMap<>();

    ApplicationListing(ConfigSnapshot snapshot, Secrets secrets, Map<AppName, LastChange> lastChanges) {
        this.snapshot = snapshot;
        this.secrets = secrets;
        this.lastChanges = lastChanges;
        this.environments = snapshot.pipeline().names();
        this.applications = snapshot.applications().values().stream()
                .filter(app -> !app.schema().shared())
                .toList();
        this.sharedSets = snapshot.applications().values().stream()
                .filter(app -> app.schema().shared())
                .toList();
    }

    /**
     * What the overview shows: the applications whose name or one of whose owners contains {@code text}
     * (ignoring case; blank for all), owned by one of {@code teams} unless that is empty.
     */
    public record Filter(String text, Set<String> teams) {

        public Filter {
            text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            teams = Set.copyOf(teams);
        }

        public static final Filter ALL = new Filter("", Set.of());

        boolean matches(Schema schema, AppName name) {
            if (!teams.isEmpty() && schema.owners().stream().noneMatch(teams::contains)) {
                return false;
            }
            return text.isEmpty()
                    || name.value().contains(text)
                    || schema.owners().stream()
                            .anyMatch(owner -> owner.toLowerCase(Locale.ROOT).contains(text));
        }
    }

    /**
     * Takes over from {@code previous}, a listing of an ancestor, the summaries of the applications that
     * the commits since cannot have altered: those not among {@code changed} (the applications whose files
     * they touched), unless they touched a shared set (which alters every application taking it in) or the
     * pipeline. So after a save only the application saved is summarised again.
     */
    void takeOver(ApplicationListing previous, Set<AppName> changed) {
        if (!previous.snapshot.pipeline().equals(snapshot.pipeline())
                || changed.stream().anyMatch(app -> previous.isSharedSet(app) || isSharedSet(app))) {
            return;
        }
        previous.summaries.forEach((app, summary) -> {
            // a shared set's summary names the applications taking it in, which any of them may change
            if (!changed.contains(app) && !summary.shared()) {
                summaries.putIfAbsent(app, summary);
            }
        });
    }

    private boolean isSharedSet(AppName app) {
        Application application = snapshot.applications().get(app);
        return application != null && application.schema().shared();
    }

    /** The revision listed. */
    public Revision revision() {
        return snapshot.revision();
    }

    /** The newest commit that changed each application, as far as known: what the next listing starts from. */
    Map<AppName, LastChange> lastChanges() {
        return lastChanges;
    }

    /** The environments, in promotion order: one column each. */
    public List<String> environments() {
        return environments.stream().map(EnvName::value).toList();
    }

    /** Whether the repository holds no application and no shared set at all. */
    public boolean isEmpty() {
        return applications.isEmpty() && sharedSets.isEmpty();
    }

    /** How many applications (shared sets aside) {@code filter} lets through. */
    public int count(Filter filter) {
        return (int) matching(filter).count();
    }

    /** The applications {@code filter} lets through, from {@code offset}, at most {@code limit}, in name order. */
    public List<ApplicationSummary> fetch(Filter filter, int offset, int limit) {
        return matching(filter).skip(offset).limit(limit).map(this::summary).toList();
    }

    /**
     * As {@link #fetch(Filter, int, int)}, in the order of {@code sort}: that summarises every application the
     * filter lets through, once for this revision, so the order is only paid for when a person asks for it.
     */
    public List<ApplicationSummary> fetch(Filter filter, Comparator<ApplicationSummary> sort, int offset, int limit) {
        return matching(filter)
                .map(this::summary)
                .sorted(sort)
                .skip(offset)
                .limit(limit)
                .toList();
    }

    /** Every shared set, summarised: they are few, and listed apart. */
    public List<ApplicationSummary> sharedSets() {
        return sharedSets.stream().map(this::summary).toList();
    }

    /** Every application and shared set, summarised: for the API, which answers them all at once. */
    public List<ApplicationSummary> all() {
        return snapshot.applications().values().stream().map(this::summary).toList();
    }

    private Stream<Application> matching(Filter filter) {
        return applications.stream().filter(app -> filter.matches(app.schema(), app.name()));
    }

    private ApplicationSummary summary(Application application) {
        return summaries.computeIfAbsent(application.name(), name -> summarise(application));
    }

    private ApplicationSummary summarise(Application application) {
        AppName app = application.name();
        Schema schema = application.schema();
        List<ApplicationSummary.EnvironmentSummary> perEnv = new ArrayList<>();
        Settings previous = null;
        for (EnvName env : environments) {
            // opened, so that equal secrets compare equal: sealed values never do; inherited values drift too
            Resolution resolution = snapshot.resolution(app, env);
            Settings settings = secrets.openResolved(env, resolution);
            Schema merged = resolution.schema();
            int drift = previous == null
                    ? 0
                    : Drift.between(merged, previous, settings).size();
            String error = snapshot.error(app, env).map(ReadError::message).orElse(null);
            perEnv.add(new ApplicationSummary.EnvironmentSummary(
                    env.value(),
                    snapshot.settings(app, env).size(),
                    drift,
                    merged.validate(settings).size() + resolution.problems().size(),
                    error));
            previous = settings;
        }
        return new ApplicationSummary(
                app.value(),
                schema.description(),
                schema.owners(),
                perEnv,
                lastChanges.get(app),
                schema.shared(),
                schema.includes().stream().map(AppName::value).toList(),
                schema.shared() ? Includes.usedBy(app, snapshot.applications()) : List.of());
    }
}
