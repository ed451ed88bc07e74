/** The change request list, the review page and the promotion dialog. */
@NullMarked
package dev.strata.changes.ui;

import org.jspecify.annotations.NullMarked;
