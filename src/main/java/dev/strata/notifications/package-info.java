/** Webhooks: who hears of commits and change request events, and the deliveries to them. */
@NullMarked
package dev.strata.notifications;

import org.jspecify.annotations.NullMarked;
