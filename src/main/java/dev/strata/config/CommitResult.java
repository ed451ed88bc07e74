package dev.strata.config;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The outcome of a successful commit.
 *
 * @param revision          the new head (the unchanged head when the change set changed nothing)
 * @param rebased           the branch had moved since the base, and the change was re-applied on top
 * @param changedByOthers   keys of the same application and environment that others changed
 *                          between the base and the commit; none of them is one of the committed keys
 */
public record CommitResult(Revision revision, boolean rebased, SortedSet<SettingKey> changedByOthers) {

    public CommitResult {
        Objects.requireNonNull(revision, "revision");
        changedByOthers = Collections.unmodifiableSortedSet(new TreeSet<>(changedByOthers));
    }
}
