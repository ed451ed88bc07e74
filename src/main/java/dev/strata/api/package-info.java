/** What every HTTP API shares: errors, body limits and JSON of domain types. */
@NullMarked
package dev.strata.api;

import org.jspecify.annotations.NullMarked;
