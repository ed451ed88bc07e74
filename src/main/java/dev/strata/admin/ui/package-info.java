/** The admin page and its panels and dialogs. */
@NullMarked
package dev.strata.admin.ui;

import org.jspecify.annotations.NullMarked;
