/** The API for applications: their resolved settings in each format, and watching for changes. */
@NullMarked
package dev.strata.metrics;

import org.jspecify.annotations.NullMarked;
