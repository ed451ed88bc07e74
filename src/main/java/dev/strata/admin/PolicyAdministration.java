package dev.strata.admin;

import dev.strata.config.Author;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.Pipeline;
import dev.strata.config.Revision;
import dev.strata.config.ValidationException;
import dev.strata.security.Person;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The policies of the environments (protected, required approvals), changed by admins as a
 * commit to strata.yaml authored by them. The environments themselves and their order stay.
 */
@Service
public class PolicyAdministration {

    private final ConfigStore store;
    private final Administrators admins;

    PolicyAdministration(ConfigStore store, Administrators admins) {
        this.store = store;
        this.admins = admins;
    }

    /**
     * The policies at one revision.
     *
     * @param revision     the revision to send back with a change
     * @param environments in promotion order
     */
    public record Policies(Revision revision, List<EnvironmentPolicy> environments) {}

    public Policies current() {
        admins.require();
        ConfigSnapshot snapshot = store.snapshot();
        return new Policies(snapshot.revision(), snapshot.pipeline().environments());
    }

    /**
     * Saves new policies for the same environments, based on {@code base}.
     *
     * @throws ValidationException                  when the environments are not those of strata.yaml, in its order
     * @throws dev.strata.config.ConflictException when strata.yaml changed since {@code base}
     */
    public Revision save(Revision base, List<EnvironmentPolicy> policies, String message) {
        Person admin = admins.require();
        List<EnvName> current = store.snapshot(base).pipeline().names();
        List<EnvName> given = policies.stream().map(EnvironmentPolicy::name).toList();
        if (!given.equals(current)) {
            throw new ValidationException(
                    "environments",
                    "Give a policy for each of " + current
                            + " in this order; environments are added and removed in strata.yaml itself.");
        }
        String why = message == null || message.isBlank() ? "Change environment policies" : message.strip();
        Revision saved = store.savePipeline(new Pipeline(policies), new Author(admin.name(), admin.email()), why, base);
        admins.log(admin, "policies-changed", "strata.yaml");
        return saved;
    }
}
