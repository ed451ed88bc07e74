/** The overview, the application page with its dialogs, and search. */
@NullMarked
package dev.strata.editing.ui;

import org.jspecify.annotations.NullMarked;
