package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.Includes;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.ValidationException;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/** The applications: what the overview lists, and creating new ones (admins only). */
@Service
public class ApplicationsService {

    /** How far back the overview looks for each application's last change. */
    public static final int RECENT_COMMITS = 2_000;

    private final ConfigStore store;
    private final CurrentUser currentUser;
    /** The applications at the head, with their last changes: made anew, in the background, when the head moves. */
    private final CurrentListing listing;

    ApplicationsService(ConfigStore store, CurrentUser currentUser, CurrentListing listing) {
        this.store = store;
        this.currentUser = currentUser;
        this.listing = listing;
    }

    /** Every application at the head revision, with per-environment key counts, drift and problems. */
    public Overview overview() {
        ApplicationListing listing = listing();
        return new Overview(listing.revision(), listing.environments(), listing.all());
    }

    /**
     * The applications at the head revision, for a page that shows some of them at a time: filtered and
     * counted on the server, each summarised when first fetched, once per revision.
     */
    public ApplicationListing listing() {
        currentUser.require();
        return listing.get();
    }

    /** The environments in promotion order, with their policies. */
    public List<EnvironmentPolicy> pipeline() {
        currentUser.require();
        return store.snapshot().pipeline().environments();
    }

    /** Whether the signed-in person may create applications. */
    public boolean mayCreate() {
        return currentUser.get().map(Person::isAdmin).orElse(false);
    }

    /** The teams of the signed-in person, whose applications the overview shows first. */
    public Set<String> myTeams() {
        return currentUser.require().teams();
    }

    /** At most this many search results are returned; a longer list is not read by anyone. */
    public static final int MAX_RESULTS = 200;

    /**
     * Longer search texts are refused: finding a text in a value costs up to its length times the
     * value's, so this keeps a search linear in what is stored. Keys are at most as long.
     */
    public static final int MAX_SEARCH_LENGTH = 200;

    /**
     * Keys and values of every application in every environment that contain {@code text}, ignoring
     * case. Secret values are never searched nor returned.
     *
     * @throws ValidationException when the text is longer than {@link #MAX_SEARCH_LENGTH}
     */
    public SearchResults search(String text) {
        currentUser.require();
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return new SearchResults(List.of(), false);
        }
        if (wanted.length() > MAX_SEARCH_LENGTH) {
            throw new ValidationException(
                    "q",
                    "a search text has at most " + MAX_SEARCH_LENGTH + " characters; this one has " + wanted.length());
        }
        ConfigSnapshot snapshot = store.snapshot();
        List<SearchResult> results = new ArrayList<>();
        for (Application application : snapshot.applications().values()) {
            for (EnvName env : snapshot.pipeline().names()) {
                for (var entry :
                        snapshot.settings(application.name(), env).values().entrySet()) {
                    boolean secret = application.schema().spec(entry.getKey()).secret();
                    boolean keyMatches =
                            entry.getKey().value().toLowerCase(Locale.ROOT).contains(wanted);
                    boolean valueMatches =
                            !secret && entry.getValue().toLowerCase(Locale.ROOT).contains(wanted);
                    if (keyMatches || valueMatches) {
                        if (results.size() == MAX_RESULTS) {
                            return new SearchResults(results, true);
                        }
                        results.add(new SearchResult(
                                application.name().value(),
                                env.value(),
                                entry.getKey().value(),
                                Secrecy.shown(secret, entry.getValue())));
                    }
                }
            }
        }
        return new SearchResults(results, false);
    }

    /**
     * What a search found.
     *
     * @param results   the matches, by application, environment and key
     * @param truncated there were more than {@link #MAX_RESULTS}
     */
    public record SearchResults(List<SearchResult> results, boolean truncated) {}

    /**
     * One key of one application in one environment.
     *
     * @param app   the application
     * @param env   the environment
     * @param key   the key
     * @param value its value, masked when secret
     */
    public record SearchResult(String app, String env, String key, String value) {}

    /**
     * Creates an application with its schema, as one commit by the signed-in admin.
     *
     * @throws AccessDeniedException when the person is not an admin
     */
    public Revision create(AppName app, Schema schema) {
        Person person = currentUser.require();
        if (!person.isAdmin()) {
            throw new AccessDeniedException("Only admins create applications.");
        }
        List<Problem> problems = Includes.problems(app, schema, store.snapshot().applications());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return store.createApplication(
                app, schema, new Author(person.name(), person.email()), "Create application " + app.value());
    }

    /**
     * The overview at one revision.
     *
     * @param revision     the revision it shows
     * @param environments the pipeline, in promotion order
     * @param applications the applications, by name
     */
    public record Overview(Revision revision, List<String> environments, List<ApplicationSummary> applications) {}
}
