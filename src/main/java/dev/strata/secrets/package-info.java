/** Sealing and opening secret values, and rotating the key that does it. */
@NullMarked
package dev.strata.secrets;

import org.jspecify.annotations.NullMarked;
