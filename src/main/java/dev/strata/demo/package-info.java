/** Demo applications, history and accounts for an empty data directory. */
@NullMarked
package dev.strata.demo;

import org.jspecify.annotations.NullMarked;
