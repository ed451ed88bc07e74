package dev.strata.admin.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.admin.TokenAdministration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A new API token: its name, scopes and expiry; then the token itself, shown this once. */
class TokenDialog extends Dialog {

    private final TokenAdministration tokens;
    private final Runnable issued;
    final TextField name = new TextField("Name");
    final MultiSelectComboBox<String> scopes = new MultiSelectComboBox<>("May fetch");
    final DatePicker expires = new DatePicker("Expires");
    final Button create = new Button("Create token");
    final TextField token = new TextField("Token");

    TokenDialog(TokenAdministration tokens, List<String> suggestedScopes, Runnable issued) {
        this.tokens = tokens;
        this.issued = issued;
        setHeaderTitle("New API token");
        setWidth("min(36rem, 100vw)");
        name.setRequiredIndicatorVisible(true);
        name.setHelperText("Lower-case, such as payments-production: who uses it");
        List<String> items = new ArrayList<>(suggestedScopes);
        scopes.setItems(items);
        scopes.setAllowCustomValue(true);
        scopes.addCustomValueSetListener(event -> {
            String typed = event.getDetail().strip();
            if (!items.contains(typed)) {
                items.add(typed);
                scopes.getListDataView().refreshAll();
            }
            Set<String> value = new LinkedHashSet<>(scopes.getValue());
            value.add(typed);
            scopes.setValue(value);
        });
        scopes.setRequiredIndicatorVisible(true);
        scopes.setHelperText(
                "<app>:<env>, * on either side: payments:production, *:dev; or a team's applications: team:team-payments:*;"
                        + " or metrics, to read /actuator/prometheus");
        expires.setHelperText("Optional: refused from the start of this day (UTC). Empty: never expires");
        expires.setClearButtonVisible(true);
        add(new FormLayout(name, scopes, expires));

        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(click -> create());
        getFooter().add(new Button("Cancel", click -> close()), create);
    }

    private void create() {
        String tokenName = name.getValue().strip();
        var result = new TokenAdministration.IssuedToken[1];
        String expiry = expires.getValue() == null ? null : expires.getValue().toString();
        if (Outcomes.attempt(
                () -> result[0] = tokens.issue(tokenName, List.copyOf(scopes.getValue()), expiry),
                Map.of("name", name, "scopes", scopes, "expires", expires))) {
            showOnce(result[0]);
            issued.run();
        }
    }

    /** The token replaces the form: it is not kept, so this is the only time anyone sees it. */
    private void showOnce(TokenAdministration.IssuedToken issuedToken) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle("Token " + issuedToken.name());
        token.setValue(issuedToken.token());
        token.setReadOnly(true);
        token.setWidthFull();
        token.addClassName("issued-token");
        var copy = new Button("Copy", VaadinIcon.COPY.create(), click -> {
            UI.getCurrent().getPage().executeJs("navigator.clipboard.writeText($0)", issuedToken.token());
            Outcomes.success("Copied.");
        });
        token.setSuffixComponent(copy);
        add(
                new Paragraph("Copy it now and store it where the application reads its secrets. Strata keeps only its "
                        + "SHA-256 and cannot show it again."),
                token,
                new Paragraph("May fetch: " + String.join(", ", issuedToken.scopes())),
                new Paragraph(
                        issuedToken.expires() == null
                                ? "Never expires."
                                : "Refused from " + TokensPanel.TIME.format(issuedToken.expires()) + "."));
        var done = new Button("Done", click -> close());
        done.addThemeVariants(ButtonVariant.PRIMARY);
        getFooter().add(done);
    }
}
