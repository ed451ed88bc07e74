package dev.strata.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The environments in promotion order, from {@code strata.yaml}: each promotes into the next.
 *
 * @param environments the environments, first to last
 */
public record Pipeline(List<EnvironmentPolicy> environments) {

    /** What a new repository starts with. */
    public static final Pipeline DEFAULT = new Pipeline(List.of(
            new EnvironmentPolicy(new EnvName("dev"), false, 0),
            new EnvironmentPolicy(new EnvName("staging"), true, 1),
            new EnvironmentPolicy(new EnvName("production"), true, 2)));

    public Pipeline {
        environments = List.copyOf(environments);
        if (environments.isEmpty()) {
            throw new ValidationException("environments", "the pipeline needs at least one environment");
        }
        Set<EnvName> seen = new HashSet<>();
        for (EnvironmentPolicy policy : environments) {
            if (!seen.add(policy.name())) {
                throw new ValidationException("environments", "environment " + policy.name() + " is listed twice");
            }
        }
    }

    public List<EnvName> names() {
        return environments.stream().map(EnvironmentPolicy::name).toList();
    }

    public boolean contains(EnvName env) {
        return policy(env).isPresent();
    }

    public Optional<EnvironmentPolicy> policy(EnvName env) {
        return environments.stream().filter(p -> p.name().equals(env)).findFirst();
    }

    /** The environment that promotes into {@code env}, if any. */
    public Optional<EnvName> previous(EnvName env) {
        int i = names().indexOf(env);
        return i > 0 ? Optional.of(environments.get(i - 1).name()) : Optional.empty();
    }

    /** The environment {@code env} promotes into, if any. */
    public Optional<EnvName> next(EnvName env) {
        int i = names().indexOf(env);
        return i >= 0 && i + 1 < environments.size()
                ? Optional.of(environments.get(i + 1).name())
                : Optional.empty();
    }
}
