package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.strata.admin.SecretsKeyAdministration;
import dev.strata.config.ConflictException;
import dev.strata.config.StoreException;
import dev.strata.secrets.SecretException;
import dev.strata.secrets.SecretsRotation;
import org.springframework.security.access.AccessDeniedException;

/**
 * Rotating the secrets key (admins), for the admin page to host:
 * {@code new Button("Rotate secrets key…", click -> new RotateSecretsKeyDialog(secretsKey).open())}.
 * Says which key seals now, what rotating does, and afterwards what it did.
 */
public class RotateSecretsKeyDialog extends Dialog {

    private final SecretsKeyAdministration rotation;
    final Paragraph state = new Paragraph();
    final Paragraph outcome = new Paragraph();
    final Button rotate = new Button("Rotate key");

    public RotateSecretsKeyDialog(SecretsKeyAdministration rotation) {
        this.rotation = rotation;
        addClassName("rotate-secrets-key-dialog");
        setHeaderTitle("Rotate the secrets key");
        setWidth("min(36rem, 100vw)");
        SecretsRotation.KeyState keys = rotation.keys();
        state.setText("Secrets are sealed with key " + keys.keyId()
                + (keys.retiredKeyIds().isEmpty()
                        ? "."
                        : "; retired keys still read: " + String.join(", ", keys.retiredKeyIds()) + "."));
        var what = new Paragraph(
                keys.fromEnvironment()
                        ? "The key comes from STRATA_SECRETS_KEY. To rotate, put the new key first and the old one after it,"
                                + " separated by a comma, and restart Strata; then rotating re-encrypts every secret with the first"
                                + " key in one commit, after which you remove the old key from STRATA_SECRETS_KEY."
                        : "Rotating makes a new key, re-encrypts every secret of every application in every environment with it"
                                + " in one commit by you, then drops the old key from secrets.key. Back up secrets.key afterwards."
                                + " Secrets in commits before the rotation then no longer open.");
        outcome.addClassName("rotation-outcome");
        outcome.setVisible(false);
        add(state, what, outcome);

        rotate.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
        rotate.addClickListener(click -> rotate());
        getFooter().add(new Button("Close", click -> close()), rotate);
    }

    private void rotate() {
        try {
            SecretsRotation.Rotation done = rotation.rotate();
            StringBuilder text =
                    new StringBuilder("Secrets are now sealed with key " + done.keyId() + ": " + done.reencrypted()
                            + " values re-encrypted in " + done.revision().abbreviated() + ".");
            if (!done.unreadable().isEmpty()) {
                text.append(" These did not decrypt and were left as they are: ")
                        .append(String.join(", ", done.unreadable()))
                        .append('.');
            }
            if (!done.retiredKeyIds().isEmpty()) {
                text.append(" Remove the retired keys ")
                        .append(String.join(", ", done.retiredKeyIds()))
                        .append(" from STRATA_SECRETS_KEY at the next restart.");
            }
            outcome.setText(text.toString());
            outcome.setVisible(true);
            rotate.setEnabled(false);
            Notification.show(
                            "Rotated the secrets key to " + done.keyId() + ".",
                            5000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.SUCCESS);
        } catch (AccessDeniedException | ConflictException | StoreException | SecretException e) {
            Notification.show("Not rotated: " + e.getMessage(), 8000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.ERROR);
        }
    }
}
