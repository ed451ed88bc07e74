package dev.strata.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.notification.Notification;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.admin.SecretsKeyAdministration;
import dev.strata.config.ConfigStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;

@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class RotateSecretsKeyDialogTest extends BrowserlessViewTest {

    @Autowired
    SecretsKeyAdministration rotation;

    @Autowired
    ConfigStore store;

    @Test
    @WithUserDetails("admin")
    void an_admin_rotates_the_key_and_is_told_what_was_re_encrypted() {
        new RotateSecretsKeyDialog(rotation).open();
        var dialog = find(RotateSecretsKeyDialog.class).single();
        String before = rotation.keys().keyId();
        assertThat(dialog.state.getText()).contains("sealed with key " + before);

        test(dialog.rotate).click();

        assertThat(dialog.outcome.isVisible()).isTrue();
        assertThat(dialog.outcome.getText())
                .contains("now sealed with key " + rotation.keys().keyId())
                .contains("values re-encrypted in " + store.head().abbreviated());
        assertThat(rotation.keys().keyId()).isNotEqualTo(before);
        assertThat(dialog.rotate.isEnabled()).isFalse();
    }

    @Test
    @WithUserDetails("carol")
    void anyone_else_is_refused_by_the_service_even_with_the_dialog_open() {
        var head = store.head();
        new RotateSecretsKeyDialog(rotation).open();

        test(find(RotateSecretsKeyDialog.class).single().rotate).click();

        assertThat(find(Notification.class).all())
                .anyMatch(n -> n.getElement()
                        .getProperty("text", "")
                        .equals("Not rotated: Only admins rotate the secrets key."));
        assertThat(store.head()).isEqualTo(head);
    }
}
