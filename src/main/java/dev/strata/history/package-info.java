/** Audit queries, past states, comparisons and reverts. */
@NullMarked
package dev.strata.history;

import org.jspecify.annotations.NullMarked;
