package dev.strata.config;

import java.util.Objects;

/**
 * This instance made a commit on main (an edit, a merge, a revert, a schema or policy change). Raised
 * only where a commit is made, never when a fetch brings one from the remote, so with several
 * instances on one remote each commit is announced once, by the instance that made it.
 *
 * @param revision the new commit
 */
public record Committed(Revision revision) {

    public Committed {
        Objects.requireNonNull(revision, "revision");
    }
}
