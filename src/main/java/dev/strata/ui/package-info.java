/** The main layout and the components every page shares. */
@NullMarked
package dev.strata.ui;

import org.jspecify.annotations.NullMarked;
