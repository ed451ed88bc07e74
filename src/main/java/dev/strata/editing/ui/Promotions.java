package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.ui.PromoteDialog;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.editing.ResolvedSettings;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTable.Column;
import java.util.List;

/** A "Promote dev → staging" for each environment the person may propose changes to. */
final class Promotions extends FlexLayout {

    private final ChangeRequestService changes;
    private final ResolvedSettings resolved;

    Promotions(ChangeRequestService changes, ResolvedSettings resolved) {
        this.changes = changes;
        this.resolved = resolved;
        addClassName("promotions");
    }

    void show(AppName app, SettingsTable table) {
        removeAll();
        List<Column> columns = table.columns();
        for (int i = 1; i < columns.size(); i++) {
            EnvName from = columns.get(i - 1).env();
            EnvName into = columns.get(i).env();
            if (columns.get(i).mayPropose()) {
                var promote = new Button("Promote " + from + " → " + into, VaadinIcon.ARROW_FORWARD.create());
                promote.addThemeVariants(ButtonVariant.TERTIARY);
                promote.addClickListener(click -> {
                    var dialog = new PromoteDialog(changes, app, into);
                    if (table.schema().shared()) {
                        dialog.showReach(keys -> resolved.reaches(app, List.of(into), keys));
                    }
                    dialog.open();
                });
                add(promote);
            }
        }
    }
}
