package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.StrataProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class AccountDirectoryTest {

    @TempDir
    Path dataDir;

    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

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

        assertThat(accounts.loadUserByUsername("alice").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("editor:dev", "editor:staging");
        assertThat(accounts.loadUserByUsername("carol").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("editor:*", "approver:*");
        assertThat(passwords.matches(DemoAccounts.PASSWORD, accounts.loadUserByUsername("bob").getPassword())).isTrue();
        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
    }

    @Test
    void an_unknown_user_gets_the_same_answer_as_a_wrong_password() {
        var accounts = start(true);

        assertThatThrownBy(() -> accounts.loadUserByUsername("mallory"))
                .isInstanceOf(UsernameNotFoundException.class)
                .hasMessage("Bad credentials");
    }
}
