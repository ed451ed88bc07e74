/** The login page and the password dialog. */
@NullMarked
package dev.strata.security.ui;

import org.jspecify.annotations.NullMarked;
