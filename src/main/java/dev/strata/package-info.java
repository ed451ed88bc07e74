/** Strata's start-up: the application, its settings, the data directory and how its files are written. */
@NullMarked
package dev.strata;

import org.jspecify.annotations.NullMarked;
