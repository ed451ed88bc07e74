/** Change requests: their life cycle, reviews, approvals and promotions. */
@NullMarked
package dev.strata.changes;

import org.jspecify.annotations.NullMarked;
