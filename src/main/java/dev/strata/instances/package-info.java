/** Which instances of an application run which revision: sightings of the clients that fetch configuration. */
@NullMarked
package dev.strata.instances;

import org.jspecify.annotations.NullMarked;
