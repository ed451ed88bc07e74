package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.strata.admin.TokenAdministration;
import dev.strata.admin.TokenAdministration.TokenSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The API tokens of applications: what each may fetch, when it was last used and when it expires; issue and revoke. */
class TokensPanel extends VerticalLayout {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final TokenAdministration tokens;
    private final Runnable changed;
    final Grid<TokenSummary> grid = new Grid<>();
    final Button newToken = new Button("New token", VaadinIcon.PLUS.create());

    TokensPanel(TokenAdministration tokens, Runnable changed) {
        this.tokens = tokens;
        this.changed = changed;
        setSizeFull();
        setPadding(false);

        newToken.addThemeVariants(ButtonVariant.PRIMARY);
        newToken.addClickListener(click -> new TokenDialog(tokens, tokens.suggestedScopes(), this::refresh).open());

        grid.addColumn(TokenSummary::name)
                .setHeader("Name")
                .setKey("name")
                .setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(token -> String.join(", ", token.scopes()))
                .setHeader("May fetch")
                .setKey("scopes")
                .setFlexGrow(1);
        grid.addColumn(token -> token.lastUsed() == null ? "never" : TIME.format(token.lastUsed()))
                .setHeader("Last used")
                .setKey("lastUsed")
                .setAutoWidth(true);
        grid.addColumn(TokensPanel::expiry)
                .setHeader("Expires")
                .setKey("expires")
                .setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setEmptyStateText("No API tokens yet. Applications fetch their configuration with one: create it here.");
        grid.setSizeFull();

        add(new HorizontalLayout(newToken), grid);
        refresh();
    }

    private static String expiry(TokenSummary token) {
        if (token.expires() == null) {
            return "never";
        }
        return TIME.format(token.expires()) + (token.expired() ? " (expired: refused)" : "");
    }

    void refresh() {
        grid.setItems(tokens.list());
        changed.run();
    }

    private Button revokeButton(TokenSummary token) {
        var revoke = new Button("Revoke", click -> {
            var confirm = new ConfirmDialog(
                    "Revoke " + token.name() + "?",
                    "Applications using it are refused from now on. This cannot be undone; a new token would be another secret.",
                    "Revoke",
                    event -> {
                        if (Outcomes.attempt(() -> tokens.revoke(token.name()), Map.of())) {
                            Outcomes.success("Revoked " + token.name() + ".");
                            refresh();
                        }
                    });
            confirm.setConfirmButtonTheme("error primary");
            confirm.setCancelable(true);
            confirm.open();
        });
        revoke.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY, ButtonVariant.ERROR);
        return revoke;
    }
}
