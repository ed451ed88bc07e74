/** Administration: accounts, teams, roles, tokens, policies and the secrets key, for admins only. */
@NullMarked
package dev.strata.admin;

import org.jspecify.annotations.NullMarked;
