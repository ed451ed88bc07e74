package dev.strata.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The Spring Security principal of a local account, carrying the {@link Person} behind it. */
final class StrataUser extends User implements PersonPrincipal {

    /** Vaadin's {@code @RolesAllowed("ADMIN")} and Spring's {@code hasRole("ADMIN")} read this authority. */
    static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

    private final transient Person person;

    StrataUser(Person person, String password, boolean enabled, Collection<? extends GrantedAuthority> authorities) {
        super(person.username(), password, enabled, true, true, true, authorities);
        this.person = person;
    }

    @Override
    public Person person() {
        return person;
    }

    static String authority(Role role) {
        return role.kind() == Role.Kind.ADMIN ? ADMIN_AUTHORITY : role.toString();
    }
}
