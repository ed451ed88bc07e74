/** The Git repository: the only package that uses JGit. */
@NullMarked
package dev.strata.store;

import org.jspecify.annotations.NullMarked;
