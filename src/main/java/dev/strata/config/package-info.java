/** The domain: names, settings, schemas, validation, change sets, revisions and diffs, in plain Java. */
@NullMarked
package dev.strata.config;

import org.jspecify.annotations.NullMarked;
