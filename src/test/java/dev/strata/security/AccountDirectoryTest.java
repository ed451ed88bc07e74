package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.StrataProperties;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.ConflictException;
import dev.strata.config.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class AccountDirectoryTest {

    @TempDir
    Path dataDir;

    private final PasswordEncoder passwords = TestPasswords.encoder();

    private AccountDirectory start(boolean demo) {
        var properties = new StrataProperties(dataDir, demo, null);
        return new AccountDirectory(properties, new DataDirectory(properties), passwords);
    }

    @Test
    void a_first_start_creates_admin_with_a_random_password_only_its_owner_can_read(CapturedOutput output)
            throws Exception {
        var accounts = start(false);

        Path passwordFile = dataDir.resolve("initial-admin-password");
        String password = Files.readString(passwordFile).strip();
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        var admin = accounts.loadUserByUsername("admin");
        assertThat(passwords.matches(password, admin.getPassword())).isTrue();
        assertThat(admin.getPassword()).startsWith("{bcrypt}");
        assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThat(Files.readString(dataDir.resolve("users.yaml"))).doesNotContain(password);
        assertThat(output.getAll()).contains(passwordFile.toString()).doesNotContain(password);
    }

    @Test
    void an_existing_users_file_is_kept_and_no_password_file_is_written() throws Exception {
        Files.writeString(dataDir.resolve("users.yaml"), "users:\n  - username: dora\n    password: \"{noop}x\"\n");

        var accounts = start(false);

        assertThat(accounts.loadUserByUsername("dora").getUsername()).isEqualTo("dora");
        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
    }

    @Test
    void demo_mode_creates_the_demo_accounts_with_their_roles() {
        var accounts = start(true);

        assertThat(accounts.loadUserByUsername("alice").getAuthorities())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("editor:dev", "editor:staging");
        assertThat(accounts.loadUserByUsername("carol").getAuthorities())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("editor:*", "approver:*");
        assertThat(passwords.matches(
                        DemoAccounts.PASSWORD,
                        accounts.loadUserByUsername("bob").getPassword()))
                .isTrue();
        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
    }

    @Test
    void an_unknown_user_gets_the_same_answer_as_a_wrong_password() {
        var accounts = start(true);

        assertThatThrownBy(() -> accounts.loadUserByUsername("mallory"))
                .isInstanceOf(UsernameNotFoundException.class)
                .hasMessage("Bad credentials");
    }

    @Test
    void a_hand_edit_applies_without_restart_and_an_invalid_one_keeps_the_old_accounts_and_says_why(
            CapturedOutput output) throws Exception {
        var accounts = start(true);
        Path file = dataDir.resolve("users.yaml");
        String valid = Files.readString(file);

        Files.writeString(
                file,
                "users:\n  - username: alice\n    password: \"{noop}x\"\n"
                        + "  - username: dora\n    password: \"{noop}dora-password\"\n");
        assertThat(accounts.loadUserByUsername("dora").getPassword()).isEqualTo("{noop}dora-password");
        assertThat(accounts.fileProblem()).isEmpty();

        Files.writeString(file, "users:\n  - username: [alice\n");
        assertThat(accounts.loadUserByUsername("alice").getUsername())
                .as("the last good accounts stay")
                .isEqualTo("alice");
        assertThat(accounts.loadUserByUsername("dora").getUsername()).isEqualTo("dora");
        assertThat(accounts.fileProblem())
                .hasValueSatisfying(
                        problem -> assertThat(problem).contains("users.yaml").contains("not valid YAML"));
        assertThat(output.getAll()).contains("is not valid; the previous entries stay in force");
        assertThatThrownBy(() -> accounts.setDisabled("alice", true))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Fix the file first");

        Files.writeString(file, valid);
        assertThat(accounts.fileProblem()).isEmpty();
        assertThatThrownBy(() -> accounts.loadUserByUsername("dora")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void a_disabled_account_is_loaded_as_disabled_and_stays_so_after_a_restart() {
        start(true).setDisabled("bob", true);

        var restarted = start(true);

        assertThat(restarted.loadUserByUsername("bob").isEnabled()).isFalse();
        assertThat(restarted.loadUserByUsername("alice").isEnabled()).isTrue();
    }

    @Test
    void two_admins_creating_accounts_at_the_same_time_lose_none_and_the_file_stays_private() throws Exception {
        var accounts = start(true);
        int perThread = 8;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<?>> done = new ArrayList<>();
            for (String who : List.of("x", "y")) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        accounts.create(who + i, null, null, "a-long-password", List.of(Role.parse("editor:dev")));
                        accounts.setRoles(
                                "alice", List.of(Role.parse("editor:" + (who.equals("x") ? "dev" : "staging"))));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        var reread = start(false);
        assertThat(reread.accounts()).as("the six demo accounts and those made").hasSize(6 + 2 * perThread);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("users.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void a_password_change_needs_the_current_password_and_a_long_enough_new_one() {
        var accounts = start(true);

        assertThatThrownBy(() -> accounts.changeOwnPassword("alice", "wrong", "a-new-long-password"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("current password is not correct");
        assertThatThrownBy(() -> accounts.changeOwnPassword("alice", "demo", "short"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at least 10");
        assertThatThrownBy(() -> accounts.changeOwnPassword("alice", "demo", "é".repeat(40)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most 72 bytes");
        accounts.changeOwnPassword("alice", "demo", "a-new-long-password");

        String stored = start(false).loadUserByUsername("alice").getPassword();
        assertThat(stored).startsWith("{bcrypt}");
        assertThat(passwords.matches("a-new-long-password", stored)).isTrue();
    }

    @Test
    void a_session_acts_with_what_the_account_may_do_now_not_at_sign_in() {
        var accounts = start(true);
        var currentUser = new CurrentUser(accounts);
        var bob = (StrataUser) accounts.loadUserByUsername("bob");
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(bob, null, bob.getAuthorities()));
        try {
            accounts.setRoles("bob", List.of(Role.parse("editor:dev")));
            assertThat(currentUser.require().canEdit("dev", List.of())).isTrue();

            accounts.setDisabled("bob", true);

            assertThat(currentUser.get()).isEmpty();
            assertThatThrownBy(currentUser::require).isInstanceOf(AccessDeniedException.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void user_names_are_unique_whatever_their_case_and_an_email_belongs_to_one_account() {
        var accounts = start(true);

        assertThatThrownBy(() -> accounts.create("ALICE", null, null, "a-long-password", List.of()))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("'alice'");
        assertThatThrownBy(() ->
                        accounts.create("alice2", "Alice Liddell", "Alice@Example.COM", "a-long-password", List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("alice");
        accounts.create("alice2", "Alice Liddell", "alice2@example.com", "a-long-password", List.of());

        assertThat(accounts.accounts())
                .extracting(Account::username)
                .containsExactly("admin", "alice", "alice2", "bob", "carol", "dave", "erin");
    }

    @Test
    void a_single_sign_on_identity_cannot_be_a_second_identity_of_a_local_account_or_of_another_subject() {
        var accounts = start(true);
        String idp = "https://idp.example.com";

        assertThatThrownBy(() -> accounts.admitSingleSignOn(idp, "s-1", "mallory", "alice@example.com", Set.of()))
                .as("a local account's e-mail")
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> accounts.admitSingleSignOn(idp, "s-1", "Bob", "bob@corp.example.com", Set.of()))
                .as("a local account's user name")
                .isInstanceOf(AlreadyExistsException.class);

        accounts.admitSingleSignOn(idp, "s-2", "pat", "pat@corp.example.com", Set.of());
        accounts.admitSingleSignOn(idp, "s-2", "pat", "pat@corp.example.com", Set.of());
        assertThatThrownBy(() -> accounts.admitSingleSignOn(idp, "s-3", "pat2", "PAT@corp.example.com", Set.of()))
                .as("another subject with the same e-mail")
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> accounts.admitSingleSignOn(
                        "https://other-idp.example.com", "s-2", "pat", "pat@corp.example.com", Set.of()))
                .as("the same subject at another provider is someone else")
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> accounts.create("pat", null, null, "a-long-password", List.of()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(
                        () -> accounts.create("patricia", null, "pat@corp.example.com", "a-long-password", List.of()))
                .isInstanceOf(ValidationException.class);

        accounts.admitSingleSignOn(idp, "s-2", "pat", "patricia@corp.example.com", Set.of());
        var restarted = start(true);
        assertThatThrownBy(() -> restarted.admitSingleSignOn(idp, "s-4", "pt", "patricia@corp.example.com", Set.of()))
                .as("remembered across restarts")
                .isInstanceOf(AlreadyExistsException.class);
        restarted.admitSingleSignOn(idp, "s-4", "pt", "pat@corp.example.com", Set.of());
    }
}
