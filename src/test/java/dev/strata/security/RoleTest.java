package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoleTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin", "editor:dev", "approver:production", "editor:*", "approver:*"})
    void roles_read_back_as_they_are_written(String text) {
        assertThat(Role.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "root", "Admin", "editor", "editor:", "editor:Dev", "editor:../x", "viewer:dev",
            "approver:dev:x", "editor:a/b"})
    void unknown_roles_are_refused_with_what_is_accepted(String text) {
        assertThatThrownBy(() -> Role.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role '" + text + "'")
                .hasMessageContaining("expected admin, editor:<env> or approver:<env>");
    }

    @Test
    void a_wildcard_grants_every_environment_and_a_named_one_only_itself() {
        var carol = new Person("carol", "Carol", "c@x", Set.of(Role.parse("editor:*")));
        var alice = new Person("alice", "Alice", "a@x", Set.of(Role.parse("editor:dev")));

        assertThat(carol.canEdit("production")).isTrue();
        assertThat(alice.canEdit("dev")).isTrue();
        assertThat(alice.canEdit("staging")).isFalse();
        assertThat(alice.canApprove("dev")).isFalse();
        assertThat(alice.isAdmin()).isFalse();
    }
}
