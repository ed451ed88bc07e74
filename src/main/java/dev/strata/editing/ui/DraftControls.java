package dev.strata.editing.ui;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.strata.config.EnvName;
import dev.strata.editing.Draft;
import dev.strata.editing.SettingsTable.Row;

/**
 * What the draft holds: its count and the Save and Discard buttons in the header, and the panel
 * listing each unsaved change with a button to withdraw it.
 */
final class DraftControls {

    final Badge draftCount = new Badge();
    final Button save = new Button("Save…", VaadinIcon.CHECK.create());
    final Button discard = new Button("Discard");
    final Details panel = new Details();
    final Div pendingList = new Div();
    private final OpenApplication open;

    DraftControls(OpenApplication open) {
        this.open = open;
        draftCount.addClassName("draft-count");
        draftCount.setVisible(false);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        discard.addThemeVariants(ButtonVariant.TERTIARY);
        panel.addClassName("draft-panel");
        panel.add(pendingList);
        panel.setVisible(false);
        panel.setOpened(true);
    }

    /** Shows the draft as it is now. */
    void refresh() {
        Draft draft = open.draft;
        int size = draft.size();
        draftCount.setVisible(size > 0);
        draftCount.setText(size + (size == 1 ? " unsaved change" : " unsaved changes"));
        save.setEnabled(size > 0);
        save.setText(open.proposing() ? "Propose…" : "Save…");
        discard.setEnabled(size > 0);
        panel.setVisible(size > 0);
        panel.setSummaryText(draft.env()
                .map(env -> "Unsaved changes to " + env + " (" + size + ")")
                .orElse(""));
        pendingList.removeAll();
        for (Draft.Change change : draft.changes()) {
            Row row = open.rowOf(change.key());
            EnvName env = draft.env().orElseThrow();
            var text = new Span(change.key() + ": " + open.cellText(row, env));
            var withdraw = new Button(VaadinIcon.CLOSE_SMALL.create(), click -> {
                draft.withdraw(change.key());
                if (open.table.row(change.key()).isEmpty()) {
                    open.addedRows.remove(change.key());
                    open.items.getItems().remove(row);
                    open.items.refreshAll();
                }
                refresh();
                open.items.refreshItem(row);
            });
            withdraw.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
            withdraw.setAriaLabel("Withdraw the change of " + change.key());
            withdraw.setTooltipText("Withdraw this change");
            var line = new Div(text, withdraw);
            line.addClassName(open.pendingProblem(row, env) != null ? "pending-problem" : "pending");
            pendingList.add(line);
        }
    }
}
