package dev.strata.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.editing.ui.OverviewView;
import dev.strata.security.AccountDirectory;
import dev.strata.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Changing one's own password. The account is the class's own, made before its test signs in, so the
 * demo's people keep their passwords for the classes sharing the {@link ViewTest} Strata.
 */
@ViewTest
class PasswordDialogTest extends BrowserlessViewTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    AccountDirectory accounts;

    @Autowired
    PasswordEncoder passwords;

    @BeforeAll
    static void peggysAccount(@Autowired AccountDirectory accounts) {
        accounts.create(
                "peggy", "Peggy", "peggy@example.com", "peggys-old-password", List.of(Role.parse("editor:dev")));
    }

    private PasswordDialog openDialog() {
        UI.getCurrent().navigate(OverviewView.class);
        Button button = find(Button.class).all().stream()
                .filter(b -> "Change your password".equals(b.getElement().getAttribute("aria-label")))
                .findFirst()
                .orElseThrow();
        test(button).click();
        return find(PasswordDialog.class).single();
    }

    @Test
    @WithUserDetails("peggy")
    void a_person_changes_their_password_after_proving_the_current_one() throws Exception {
        var dialog = openDialog();
        test(dialog.current).setValue("not-my-password");
        test(dialog.password).setValue("peggys-new-password");
        test(dialog.repeat).setValue("peggys-new-password");

        test(dialog.change).click();

        assertThat(dialog.current.isInvalid()).isTrue();
        assertThat(dialog.current.getErrorMessage()).isEqualTo("The current password is not correct.");

        test(dialog.current).setValue("peggys-old-password");
        test(dialog.repeat).setValue("peggys-new-passwort");
        test(dialog.change).click();

        assertThat(dialog.repeat.isInvalid()).isTrue();
        assertThat(dialog.current.isInvalid()).isFalse();

        test(dialog.password).setValue("short");
        test(dialog.repeat).setValue("short");
        test(dialog.change).click();

        assertThat(dialog.password.getErrorMessage()).contains("at least 10");

        test(dialog.password).setValue("peggys-new-password");
        test(dialog.repeat).setValue("peggys-new-password");
        test(dialog.change).click();

        assertThat(find(PasswordDialog.class).all()).isEmpty();
        String stored = accounts.loadUserByUsername("peggy").getPassword();
        assertThat(passwords.matches("peggys-new-password", stored)).isTrue();
        assertThat(Files.readString(dataDir.resolve("users.yaml"))).doesNotContain("peggys-new-password");
    }
}
