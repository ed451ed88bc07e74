/** The rollouts on the pages: the one in progress on an application's page, with Complete and Abort. */
@NullMarked
package dev.strata.rollouts.ui;

import org.jspecify.annotations.NullMarked;
