/** Spring Security: accounts, roles, tokens, sign-in and the current user. */
@NullMarked
package dev.strata.security;

import org.jspecify.annotations.NullMarked;
