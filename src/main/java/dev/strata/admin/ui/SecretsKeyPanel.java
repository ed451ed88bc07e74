package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.strata.admin.SecretsKeyAdministration;
import dev.strata.secrets.SecretsRotation;

/** The key that seals secret values: which one it is, the retired ones still read, and rotation. */
class SecretsKeyPanel extends VerticalLayout {

    private final SecretsKeyAdministration secretsKey;
    final Paragraph state = new Paragraph();
    final Button rotate = new Button("Rotate secrets key…", VaadinIcon.KEY.create());

    SecretsKeyPanel(SecretsKeyAdministration secretsKey) {
        this.secretsKey = secretsKey;
        addClassName("secrets-key-panel");
        rotate.addClickListener(click -> {
            var dialog = new RotateSecretsKeyDialog(secretsKey);
            dialog.addOpenedChangeListener(opened -> {
                if (!opened.isOpened()) {
                    show();
                }
            });
            dialog.open();
        });
        add(state, rotate);
        show();
    }

    private void show() {
        SecretsRotation.KeyState keys = secretsKey.keys();
        state.setText("Secret values are sealed with key " + keys.keyId()
                + (keys.fromEnvironment() ? " (from STRATA_SECRETS_KEY)" : " (from secrets.key in the data directory)")
                + (keys.retiredKeyIds().isEmpty()
                        ? "; no retired key is kept."
                        : "; retired keys still read: " + String.join(", ", keys.retiredKeyIds()) + "."));
    }
}
