/** The history page, past settings and the comparison of two states. */
@NullMarked
package dev.strata.history.ui;

import org.jspecify.annotations.NullMarked;
