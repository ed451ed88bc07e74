package dev.strata.editing.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.util.List;

/** The notes above an application's grid: who may change it, how to edit, and why an environment is protected or read-only. */
final class ApplicationNotices extends Div {

    ApplicationNotices() {
        addClassName("notices");
    }

    void show(SettingsTable table) {
        removeAll();
        var access = new Div(VaadinIcon.USERS.create(), new Span(accessText(table)));
        access.addClassName("notice");
        access.addClassName("access-notice");
        add(access);
        table.columns().stream()
                .filter(Column::editable)
                .map(c -> c.env().value())
                .reduce((a, b) -> a + ", " + b)
                .ifPresent(envs -> {
                    var hint = new Div(
                            VaadinIcon.EDIT.create(),
                            new Span("Double-click a key, or select it and press F2, to edit it in " + envs + "."));
                    hint.addClassName("notice");
                    add(hint);
                });
        for (Column column : table.columns()) {
            if (column.editable() && column.isProtected()) {
                var notice = new Div(
                        VaadinIcon.USERS.create(),
                        new Span(column.env() + " is protected: your changes there"
                                + " become a change request, merged once approvers of " + column.env() + " agree."));
                notice.addClassName("notice");
                add(notice);
            }
            if (column.readOnlyReason() != null) {
                var notice = new Div(VaadinIcon.LOCK.create(), new Span(column.readOnlyReason()));
                notice.addClassName(column.error() != null ? "notice-error" : "notice");
                add(notice);
            }
        }
    }

    /** Who may change and approve the application, by its owners, and where the signed-in person may approve. */
    static String accessText(SettingsTable table) {
        List<String> owners = table.schema().owners();
        String who = (owners.isEmpty()
                        ? "It has no owners, so roles limited to a team do not reach it: changing it needs "
                        : "Owned by " + String.join(", ", owners) + ": changing it needs ")
                + Person.needed(Role.Kind.EDITOR, "<env>", owners) + ", approving its change requests "
                + Person.needed(Role.Kind.APPROVER, "<env>", owners) + ".";
        String approves = table.columns().stream()
                .filter(Column::mayApprove)
                .map(c -> c.env().value())
                .reduce((a, b) -> a + ", " + b)
                .map(envs -> " You approve its change requests into " + envs + ".")
                .orElse(" You approve none of its change requests.");
        return who + approves;
    }
}
