/** Committing edits to an application's settings and schema, import and download. */
@NullMarked
package dev.strata.editing;

import org.jspecify.annotations.NullMarked;
