package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "admin",
                "editor:dev",
                "approver:production",
                "editor:*",
                "approver:*",
                "editor:*@team-payments",
                "approver:production@team-payments"
            })
    void roles_read_back_as_they_are_written(String text) {
        assertThat(Role.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "root",
                "Admin",
                "editor",
                "editor:",
                "editor:Dev",
                "editor:../x",
                "viewer:dev",
                "approver:dev:x",
                "editor:a/b",
                "admin@team-payments",
                "viewer:dev@team-payments",
                "editor:Dev@team-payments"
            })
    void unknown_roles_are_refused_with_what_is_accepted(String text) {
        assertThatThrownBy(() -> Role.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role '" + text + "'")
                .hasMessageContaining("expected admin, editor:<env> or approver:<env>");
    }

    @Test
    void a_wildcard_grants_every_environment_and_a_named_one_only_itself() {
        var carol = new Person("carol", "Carol", "c@x", Set.of(Role.parse("editor:*")), Set.of());
        var alice = new Person("alice", "Alice", "a@x", Set.of(Role.parse("editor:dev")), Set.of());

        assertThat(carol.canEdit("production", List.of())).isTrue();
        assertThat(alice.canEdit("dev", List.of())).isTrue();
        assertThat(alice.canEdit("staging", List.of())).isFalse();
        assertThat(alice.canApprove("dev", List.of())).isFalse();
        assertThat(alice.isAdmin()).isFalse();
    }

    @Test
    void a_role_limited_to_a_team_reaches_only_the_applications_it_owns() {
        var erin = new Person(
                "erin",
                "Erin",
                "e@x",
                Set.of(Role.parse("editor:*@team-payments"), Role.parse("approver:production@team-payments")),
                Set.of("team-payments"));

        assertThat(erin.canEdit("dev", List.of("team-payments"))).isTrue();
        assertThat(erin.canEdit("production", List.of("team-checkout", "team-payments")))
                .isTrue();
        assertThat(erin.canApprove("production", List.of("team-payments"))).isTrue();
        assertThat(erin.canApprove("staging", List.of("team-payments"))).isFalse();
        assertThat(erin.canEdit("dev", List.of("team-search")))
                .as("a foreign application")
                .isFalse();
        assertThat(erin.canEdit("dev", List.of()))
                .as("an application without owners")
                .isFalse();
        assertThat(erin.canEditSchema(List.of("team-payments"))).isTrue();
        assertThat(erin.canEditSchema(List.of("team-search"))).isFalse();
    }

    @Test
    void an_unscoped_role_keeps_its_meaning_on_owned_applications() {
        var alice = new Person("alice", "Alice", "a@x", Set.of(Role.parse("editor:dev")), Set.of());

        assertThat(alice.canEdit("dev", List.of("team-payments"))).isTrue();
        assertThat(alice.canEditSchema(List.of("team-payments")))
                .as("only an owning team's editor")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"editor:dev@", "approver:*@"})
    void an_at_sign_without_a_team_is_refused(String text) {
        assertThatThrownBy(() -> Role.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'@' must be followed by a team name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"editor:dev@Team", "editor:dev@team_payments", "approver:*@-x", "editor:dev@a@b"})
    void a_team_name_breaking_the_name_rule_is_refused(String text) {
        assertThatThrownBy(() -> Role.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("breaks the name rule");
    }

    @Test
    void a_refusal_names_the_roles_that_would_allow_it() {
        assertThat(Person.needed(Role.Kind.EDITOR, "dev", List.of())).isEqualTo("editor:dev");
        assertThat(Person.needed(Role.Kind.APPROVER, "production", List.of("team-payments")))
                .isEqualTo("approver:production or approver:production@team-payments");
    }
}
