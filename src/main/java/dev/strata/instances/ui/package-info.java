/** The instances panel of the application page. */
@NullMarked
package dev.strata.instances.ui;

import org.jspecify.annotations.NullMarked;
