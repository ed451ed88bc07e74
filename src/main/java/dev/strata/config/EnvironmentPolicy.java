package dev.strata.config;

import java.util.Objects;

/**
 * An environment of the pipeline and how changes may reach it.
 *
 * @param name              the environment
 * @param isProtected       changes arrive only through change requests
 * @param requiredApprovals approvals a change request needs before it can be merged
 * @param requireOwnerApproval whether one of those approvals must come from a member of one of the
 *                          application's owning teams (as CODEOWNERS does)
 */
public record EnvironmentPolicy(EnvName name, boolean isProtected, int requiredApprovals, boolean requireOwnerApproval) {

    public EnvironmentPolicy {
        Objects.requireNonNull(name, "name");
        if (requiredApprovals < 0 || requiredApprovals > 10) {
            throw new ValidationException("requiredApprovals", "requiredApprovals of " + name
                    + " must be between 0 and 10, not " + requiredApprovals);
        }
    }

    public EnvironmentPolicy(EnvName name, boolean isProtected, int requiredApprovals) {
        this(name, isProtected, requiredApprovals, false);
    }
}
