package dev.strata.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * @param teamsClaim    the claim of the ID token that lists a person's teams (such as {@code groups}), or
 *                      null when teams do not come from single sign-on
 * @param teamMapping   group name → team; when given, only the groups it names are teams, otherwise
 *                      every group that follows the team name rule is a team of that name. A team
 *                      name that breaks the rule stops start-up
 */
@ConfigurationProperties(prefix = "strata.oidc")
public record OidcProperties(
        @DefaultValue("groups") String rolesClaim,
        Map<String, List<String>> roleMapping,
        @DefaultValue("true") boolean localAccounts,
        String teamsClaim,
        Map<String, String> teamMapping) {

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
        Map<String, String> teams = new TreeMap<>();
        if (teamMapping != null) {
            teamMapping.forEach((group, team) -> {
                String problem = Role.teamProblem(team == null ? null : team.strip());
                if (problem != null) {
                    throw new IllegalArgumentException("strata.oidc.team-mapping." + group + ": " + problem);
                }
                teams.put(group, team.strip());
            });
        }
        teamMapping = Map.copyOf(teams);
        teamsClaim = teamsClaim == null || teamsClaim.isBlank() ? null : teamsClaim.strip();
    }

    /** The teams of someone whose teams claim lists {@code groups}, by the mapping or by their own names. */
    Set<String> teams(Collection<String> groups) {
        Set<String> teams = new TreeSet<>();
        for (String group : groups) {
            if (!teamMapping.isEmpty()) {
                if (teamMapping.containsKey(group)) {
                    teams.add(teamMapping.get(group));
                }
            } else if (Role.teamProblem(group) == null) {
                teams.add(group);
            }
        }
        return teams;
    }
}
