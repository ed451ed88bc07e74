package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SingleSignOnTest {

    static final OidcProperties PROPERTIES = new OidcProperties(
            "groups",
            Map.of("platform-admins", List.of("admin"), "payments-devs", List.of("editor:dev", " approver:staging")),
            true,
            null,
            null);

    @Test
    void roles_come_from_the_mapped_groups_and_the_token_names_the_author() {
        var signedIn = SingleSignOn.map(
                Map.of(
                        "sub",
                        "1234",
                        "preferred_username",
                        "pat",
                        "name",
                        "Pat Doe",
                        "email",
                        "pat@example.com",
                        "groups",
                        List.of("payments-devs", "coffee-club")),
                PROPERTIES);

        assertThat(signedIn.person().username()).isEqualTo("pat");
        assertThat(signedIn.person().name()).isEqualTo("Pat Doe");
        assertThat(signedIn.person().email()).isEqualTo("pat@example.com");
        assertThat(signedIn.person().rolesText()).isEqualTo("approver:staging, editor:dev");
        assertThat(signedIn.notice()).isNull();
    }

    @Test
    void unknown_groups_sign_in_read_only_and_are_told_which_groups_were_seen() {
        var signedIn = SingleSignOn.map(
                Map.of("sub", "1234", "email", "x@example.com", "groups", List.of("coffee-club", "chess")), PROPERTIES);

        assertThat(signedIn.person().roles()).isEmpty();
        assertThat(signedIn.person().username())
                .as("no preferred_username: the subject")
                .isEqualTo("1234");
        assertThat(signedIn.notice()).contains("chess, coffee-club").contains("read everything but change nothing");
    }

    @Test
    void without_an_email_address_even_an_admin_group_only_reads() {
        var signedIn = SingleSignOn.map(
                Map.of("sub", "s", "preferred_username", "quinn", "groups", "platform-admins"), PROPERTIES);

        assertThat(signedIn.person().isAdmin()).isFalse();
        assertThat(signedIn.person().email()).isEqualTo("quinn@localhost");
        assertThat(signedIn.notice()).contains("no e-mail address");
    }

    @Test
    void a_hostile_user_name_is_made_safe_to_show_and_log() {
        var signedIn = SingleSignOn.map(
                Map.of(
                        "sub",
                        "s",
                        "preferred_username",
                        "eve\naccess event=sign-in user=admin",
                        "email",
                        "eve@example.com"),
                PROPERTIES);

        assertThat(signedIn.person().username()).doesNotContain("\n", " ", "=").startsWith("eve_access_event");
        assertThat(signedIn.notice()).contains("no groups");
    }

    @Test
    void a_role_mapping_to_an_unknown_role_stops_start_up() {
        assertThatThrownBy(() -> new OidcProperties("groups", Map.of("ops", List.of("superuser")), true, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role 'superuser'");
    }

    @Test
    void teams_come_from_the_teams_claim_by_their_own_names_when_nothing_maps_them() {
        var properties = new OidcProperties(
                "groups", Map.of("payments-devs", List.of("editor:*@team-payments")), true, "teams", null);

        var signedIn = SingleSignOn.map(
                Map.of(
                        "preferred_username",
                        "pat",
                        "email",
                        "pat@example.com",
                        "groups",
                        List.of("payments-devs"),
                        "teams",
                        List.of("team-payments", "Not A Team")),
                properties);

        assertThat(signedIn.person().teams()).containsExactly("team-payments");
        assertThat(signedIn.person().canEdit("production", List.of("team-payments")))
                .isTrue();
        assertThat(signedIn.person().canEdit("production", List.of("team-search")))
                .isFalse();
    }

    @Test
    void a_team_mapping_names_the_only_groups_that_are_teams() {
        var properties = new OidcProperties(
                "groups",
                Map.of(),
                true,
                "groups",
                Map.of("payments-devs", "team-payments", "search-devs", "team-search"));

        var signedIn = SingleSignOn.map(
                Map.of(
                        "preferred_username",
                        "pat",
                        "email",
                        "pat@example.com",
                        "groups",
                        List.of("payments-devs", "coffee-club")),
                properties);

        assertThat(signedIn.person().teams()).containsExactly("team-payments");
    }

    @Test
    void without_a_teams_claim_a_person_has_no_teams() {
        var signedIn = SingleSignOn.map(
                Map.of("preferred_username", "pat", "email", "pat@example.com", "groups", List.of("team-payments")),
                PROPERTIES);

        assertThat(signedIn.person().teams()).isEmpty();
    }

    @Test
    void a_team_mapping_to_a_bad_team_name_stops_start_up() {
        assertThatThrownBy(() -> new OidcProperties("groups", Map.of(), true, "groups", Map.of("ops", "Team Ops")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strata.oidc.team-mapping.ops")
                .hasMessageContaining("breaks the name rule");
    }
}
