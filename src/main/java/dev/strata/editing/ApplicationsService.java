package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.Drift;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.ReadError;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/** The applications: what the overview lists, and creating new ones (admins only). */
@Service
public class ApplicationsService {

    private final ConfigStore store;
    private final CurrentUser currentUser;

    ApplicationsService(ConfigStore store, CurrentUser currentUser) {
        this.store = store;
        this.currentUser = currentUser;
    }

    /** Every application at the head revision, with per-environment key counts, drift and problems. */
    public Overview overview() {
        currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        List<EnvName> environments = snapshot.pipeline().names();
        List<ApplicationSummary> applications = new ArrayList<>();
        for (Application application : snapshot.applications().values()) {
            applications.add(summary(snapshot, application, environments));
        }
        return new Overview(snapshot.revision(), environments.stream().map(EnvName::value).toList(), applications);
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

    private static ApplicationSummary summary(ConfigSnapshot snapshot, Application application, List<EnvName> environments) {
        AppName app = application.name();
        Schema schema = application.schema();
        List<ApplicationSummary.EnvironmentSummary> perEnv = new ArrayList<>();
        Settings previous = null;
        for (EnvName env : environments) {
            Settings settings = snapshot.settings(app, env);
            int drift = previous == null ? 0 : Drift.between(schema, previous, settings).size();
            String error = snapshot.error(app, env).map(ReadError::message).orElse(null);
            perEnv.add(new ApplicationSummary.EnvironmentSummary(env.value(), settings.size(), drift,
                    schema.validate(settings).size(), error));
            previous = settings;
        }
        return new ApplicationSummary(app.value(), schema.description(), schema.owners(), perEnv);
    }

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
        return store.createApplication(app, schema, new Author(person.name(), person.email()),
                "Create application " + app.value());
    }

    /**
     * The overview at one revision.
     *
     * @param revision     the revision it shows
     * @param environments the pipeline, in promotion order
     * @param applications the applications, by name
     */
    public record Overview(Revision revision, List<String> environments, List<ApplicationSummary> applications) {
    }
}
