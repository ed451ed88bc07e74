/** Metrics for /actuator/prometheus: commits, change requests, merges and the remote, as Prometheus reads them. */
@NullMarked
package dev.strata.metrics;

import org.jspecify.annotations.NullMarked;
