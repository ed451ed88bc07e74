package dev.strata.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.editing.ui.OverviewView;
import dev.strata.security.AccountDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithUserDetails;

@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class PasswordDialogTest extends BrowserlessViewTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @Autowired
    AccountDirectory accounts;

    @Autowired
    PasswordEncoder passwords;

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
    @WithUserDetails("alice")
    void a_person_changes_their_password_after_proving_the_current_one() throws Exception {
        var dialog = openDialog();
        test(dialog.current).setValue("not-my-password");
        test(dialog.password).setValue("alices-new-password");
        test(dialog.repeat).setValue("alices-new-password");

        test(dialog.change).click();

        assertThat(dialog.current.isInvalid()).isTrue();
        assertThat(dialog.current.getErrorMessage()).isEqualTo("The current password is not correct.");

        test(dialog.current).setValue("demo");
        test(dialog.repeat).setValue("alices-new-passwort");
        test(dialog.change).click();

        assertThat(dialog.repeat.isInvalid()).isTrue();
        assertThat(dialog.current.isInvalid()).isFalse();

        test(dialog.password).setValue("short");
        test(dialog.repeat).setValue("short");
        test(dialog.change).click();

        assertThat(dialog.password.getErrorMessage()).contains("at least 10");

        test(dialog.password).setValue("alices-new-password");
        test(dialog.repeat).setValue("alices-new-password");
        test(dialog.change).click();

        assertThat(find(PasswordDialog.class).all()).isEmpty();
        String stored = accounts.loadUserByUsername("alice").getPassword();
        assertThat(passwords.matches("alices-new-password", stored)).isTrue();
        assertThat(Files.readString(dataDir.resolve("users.yaml"))).doesNotContain("alices-new-password");
    }
}
