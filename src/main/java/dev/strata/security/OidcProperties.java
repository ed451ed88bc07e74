package dev.strata.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on with OpenID Connect, beside Spring's own {@code spring.security.oauth2.client.*}
 * properties that name the identity provider.
 *
 * @param rolesClaim    the claim of the ID token that lists a person's groups
 * @param roleMapping   group name → Strata roles, such as {@code platform-admins → [admin]}; a role
 *                      that is not valid stops start-up
 * @param localAccounts whether users.yaml accounts may still sign in (login page and HTTP Basic)
 */
@ConfigurationProperties(prefix = "strata.oidc")
public record OidcProperties(
        @DefaultValue("groups") String rolesClaim,
        Map<String, List<String>> roleMapping,
        @DefaultValue("true") boolean localAccounts) {

    public OidcProperties {
        Map<String, List<String>> checked = new TreeMap<>();
        if (roleMapping != null) {
            roleMapping.forEach((group, roles) -> {
                List<String> valid = new ArrayList<>();
                for (String role : roles) {
                    valid.add(Role.parse(role.strip()).toString());
                }
                checked.put(group, List.copyOf(valid));
            });
        }
        roleMapping = Map.copyOf(checked);
    }
}
