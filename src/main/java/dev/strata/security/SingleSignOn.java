package dev.strata.security;

import dev.strata.AccessLog;
import dev.strata.config.AlreadyExistsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A person signed in at the identity provider becomes a {@link Person}: user name, name and
 * e-mail from the ID token (the author of their commits), roles from the groups claim through
 * {@code strata.oidc.role-mapping}. Without an e-mail address or a mapped group they may only
 * read, and are told why. A user name or e-mail that is already someone else's (a local account's,
 * or another subject's of the identity provider) is refused: each person is one identity in the history.
 */
final class SingleSignOn implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._@-]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private final OidcUserService provider = new OidcUserService();
    private final OidcProperties properties;
    private final AccountDirectory accounts;

    SingleSignOn(OidcProperties properties, AccountDirectory accounts) {
        this.properties = properties;
        this.accounts = accounts;
    }

    /** Who signed in, with what they may do, and what they must be told about it. */
    record SignedIn(Person person, String notice) {}

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        SignedIn signedIn = map(user.getClaims(), properties);
        try {
            accounts.admitSingleSignOn(
                    String.valueOf(user.getIdToken().getIssuer()),
                    user.getSubject(),
                    signedIn.person().username(),
                    signedIn.person().email(),
                    signedIn.person().teams());
        } catch (AlreadyExistsException e) {
            AccessLog.info(
                    "sign-in-refused",
                    "method",
                    "oidc",
                    "provider",
                    request.getClientRegistration().getRegistrationId(),
                    "user",
                    signedIn.person().username(),
                    "reason",
                    "identity-of-someone-else");
            throw new OAuth2AuthenticationException(
                    new OAuth2Error("identity_taken", e.getMessage(), null), e.getMessage());
        }
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        signedIn.person()
                .roles()
                .forEach(role -> authorities.add(new SimpleGrantedAuthority(StrataUser.authority(role))));
        AccessLog.info(
                "sign-in",
                "method",
                "oidc",
                "provider",
                request.getClientRegistration().getRegistrationId(),
                "user",
                signedIn.person().username(),
                "roles",
                signedIn.person().roles().isEmpty()
                        ? "none"
                        : signedIn.person().rolesText().replace(" ", ""),
                "teams",
                signedIn.person().teams().isEmpty()
                        ? "none"
                        : String.join(",", new TreeSet<>(signedIn.person().teams())));
        return new SignedInUser(user, authorities, signedIn);
    }

    static SignedIn map(Map<String, Object> claims, OidcProperties properties) {
        String username = safe(text(claims.get("preferred_username")));
        if (username == null) {
            username = safe(text(claims.get("sub")));
        }
        String name = text(claims.get("name"));
        String email = text(claims.get("email"));
        boolean hasEmail = email != null && EMAIL.matcher(email).matches();
        Set<String> groups = new TreeSet<>(groups(claims.get(properties.rolesClaim())));
        Set<Role> roles = new LinkedHashSet<>();
        for (String group : groups) {
            properties.roleMapping().getOrDefault(group, List.of()).forEach(role -> roles.add(Role.parse(role)));
        }
        String notice = null;
        if (!hasEmail) {
            notice = "Your identity provider sent no e-mail address, which Strata needs as the author of your commits: "
                    + "you can read everything but change nothing. Ask your administrator to release the e-mail claim.";
            roles.clear();
        } else if (roles.isEmpty()) {
            notice = groups.isEmpty()
                    ? "Your sign-in carries no groups ('" + properties.rolesClaim()
                            + "'), so you can read everything but change nothing."
                    : "None of your groups (" + String.join(", ", groups) + ") has a role in Strata, so you can read "
                            + "everything but change nothing. Ask your administrator to map one.";
        }
        String author = name == null || name.isBlank() ? username : name.strip();
        Set<String> teams = properties.teamsClaim() == null
                ? Set.of()
                : properties.teams(groups(claims.get(properties.teamsClaim())));
        return new SignedIn(
                new Person(username, author, hasEmail ? email : username + "@localhost", roles, teams), notice);
    }

    private static Collection<String> groups(Object claim) {
        if (claim instanceof Collection<?> list) {
            return list.stream()
                    .map(SingleSignOn::text)
                    .filter(g -> g != null && !g.isBlank())
                    .toList();
        }
        String single = text(claim);
        return single == null || single.isBlank() ? List.of() : List.of(single.strip());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A user name safe to show and log: anything but letters, digits, '.', '_', '@' and '-' becomes '_'. */
    private static String safe(String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        String cleaned = UNSAFE.matcher(username.strip()).replaceAll("_");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    /** The Spring Security principal of a single sign-on, carrying the {@link Person} behind it. */
    static final class SignedInUser extends DefaultOidcUser implements PersonPrincipal {

        private final transient SignedIn signedIn;

        SignedInUser(OidcUser user, Collection<? extends GrantedAuthority> authorities, SignedIn signedIn) {
            super(authorities, user.getIdToken(), user.getUserInfo());
            this.signedIn = signedIn;
        }

        @Override
        public Person person() {
            return signedIn.person();
        }

        @Override
        public String signInNotice() {
            return signedIn.notice();
        }
    }
}
