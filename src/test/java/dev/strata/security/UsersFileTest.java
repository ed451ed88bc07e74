package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path temp;

    private UsersFile file(String yaml) throws Exception {
        Path path = temp.resolve("users.yaml");
        Files.writeString(path, yaml);
        return new UsersFile(path);
    }

    @Test
    void accounts_are_read_with_their_roles() throws Exception {
        var accounts = file("""
                users:
                  - username: alice
                    name: Alice Liddell
                    email: alice@example.com
                    password: "{noop}secret"
                    roles: [editor:dev, editor:staging]
                  - username: bob
                    password: "{noop}other"
                """).read();

        assertThat(accounts).extracting(Account::username).containsExactly("alice", "bob");
        assertThat(accounts.get(0).person().rolesText()).isEqualTo("editor:dev, editor:staging");
        assertThat(accounts.get(1).person().email()).isEqualTo("bob@localhost");
        assertThat(accounts.get(1).roles()).isEmpty();
    }

    @Test
    void a_file_that_is_not_yaml_is_refused_with_its_line() throws Exception {
        var file = file("users:\n  - username: alice\n    roles: [editor:dev\n  password: x\n");

        assertThatThrownBy(file::read)
                .isInstanceOf(AccountsFileException.class)
                .hasMessageStartingWith(temp.resolve("users.yaml") + ":")
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void a_duplicate_username_is_refused_with_the_line_of_the_second() throws Exception {
        var file = file("""
                users:
                  - username: alice
                    password: "{noop}a"
                  - username: alice
                    password: "{noop}b"
                """);

        assertThatThrownBy(file::read).hasMessage(temp.resolve("users.yaml") + ":4: duplicate username 'alice'");
    }

    @Test
    void an_unknown_role_is_refused_with_its_line_and_what_is_accepted() throws Exception {
        var file = file("""
                users:
                  - username: alice
                    password: "{noop}a"
                    roles: [editor:dev, superuser]
                """);

        assertThatThrownBy(file::read)
                .hasMessageStartingWith(temp.resolve("users.yaml") + ":2: unknown role 'superuser'");
    }

    @Test
    void a_password_that_is_not_encoded_is_refused() throws Exception {
        var file = file("users:\n  - username: alice\n    password: hunter2\n");

        assertThatThrownBy(file::read).hasMessageContaining(":2: the password of 'alice' must be encoded as {id}hash");
    }

    @Test
    void a_username_with_path_tricks_is_refused() throws Exception {
        var file = file("users:\n  - username: ../root\n    password: \"{noop}x\"\n");

        assertThatThrownBy(file::read).hasMessageContaining(":2: invalid username '../root'");
    }

    @Test
    void a_duplicate_field_is_refused() throws Exception {
        var file = file("users:\n  - username: alice\n    username: bob\n    password: \"{noop}x\"\n");

        assertThatThrownBy(file::read).isInstanceOf(AccountsFileException.class).hasMessageContaining("username");
    }

    @Test
    void written_accounts_read_back_the_same() throws Exception {
        var file = new UsersFile(temp.resolve("users.yaml"));
        var accounts = List.of(new Account(
                "carol", "Carol", "carol@example.com", "{noop}x", List.of(Role.parse("editor:*"), Role.admin())));

        file.write(accounts);

        assertThat(file.read()).isEqualTo(accounts);
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(temp.resolve("users.yaml"));
        }
    }

    @Test
    void a_username_differing_only_in_case_is_refused_with_its_line() throws Exception {
        var file = file("""
                users:
                  - username: alice
                    password: "{noop}a"
                  - username: Alice
                    password: "{noop}b"
                """);

        assertThatThrownBy(file::read)
                .hasMessage(
                        temp.resolve("users.yaml")
                                + ":4: username 'Alice' differs from 'alice' only in case; user names must differ in more than case");
    }

    @Test
    void an_email_of_another_account_is_refused_with_its_line() throws Exception {
        var file = file("""
                users:
                  - username: alice
                    name: Alice Liddell
                    email: alice@example.com
                    password: "{noop}a"
                  - username: alice2
                    name: Alice Liddell
                    email: Alice@Example.com
                    password: "{noop}b"
                """);

        assertThatThrownBy(file::read)
                .hasMessage(temp.resolve("users.yaml")
                        + ":6: the e-mail Alice@Example.com of 'alice2' is already the e-mail of 'alice'; commits name people by"
                        + " name and e-mail, so each account needs an e-mail of its own");
    }

    @Test
    void accounts_are_read_with_their_teams_and_written_back_with_them() throws Exception {
        var file = file("""
                users:
                  - username: erin
                    password: "{noop}a"
                    roles: ["editor:*@team-payments", "approver:production@team-payments"]
                    teams: [team-payments]
                  - username: bob
                    password: "{noop}b"
                """);
        var accounts = file.read();

        assertThat(accounts.get(0).person().teams()).containsExactly("team-payments");
        assertThat(accounts.get(0).person().rolesText())
                .isEqualTo("approver:production@team-payments, editor:*@team-payments");
        assertThat(accounts.get(1).teams())
                .as("a file without teams keeps working")
                .isEmpty();
        file.write(accounts);
        assertThat(file.read()).isEqualTo(accounts);
    }

    @Test
    void a_role_with_an_at_sign_and_no_team_is_refused_with_its_line() throws Exception {
        var file = file("""
                users:
                  - username: alice
                    password: "{noop}a"
                  - username: erin
                    password: "{noop}a"
                    roles: ["editor:dev@"]
                """);

        assertThatThrownBy(file::read)
                .hasMessageStartingWith(temp.resolve("users.yaml") + ":4: role 'editor:dev@'")
                .hasMessageContaining("'@' must be followed by a team name");
    }

    @Test
    void a_team_name_breaking_the_name_rule_is_refused_with_its_line() throws Exception {
        var role = file("""
                users:
                  - username: erin
                    password: "{noop}a"
                    roles: ["editor:dev@Team_Payments"]
                """);
        assertThatThrownBy(role::read)
                .hasMessageStartingWith(temp.resolve("users.yaml") + ":2:")
                .hasMessageContaining("the team name 'Team_Payments' breaks the name rule");

        var team = file("""
                users:
                  - username: erin
                    password: "{noop}a"
                    teams: [Payments]
                """);
        assertThatThrownBy(team::read)
                .hasMessageStartingWith(temp.resolve("users.yaml") + ":2:")
                .hasMessageContaining("the team name 'Payments' breaks the name rule");
    }
}
