/** Keeping the repository in step with a Git remote: webhooks and health. */
@NullMarked
package dev.strata.remote;

import org.jspecify.annotations.NullMarked;
