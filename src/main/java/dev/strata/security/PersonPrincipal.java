package dev.strata.security;

/** A signed-in principal that knows the {@link Person} behind it, however they signed in. */
interface PersonPrincipal {

    Person person();

    /** Something the person must know about how they were signed in, or {@code null}. */
    default String signInNotice() {
        return null;
    }
}
