/** Gradual rollouts: a merge served first to some instances, then completed for everyone or aborted. */
@NullMarked
package dev.strata.rollouts;

import org.jspecify.annotations.NullMarked;
