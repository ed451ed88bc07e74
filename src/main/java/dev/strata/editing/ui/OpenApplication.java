package dev.strata.editing.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.data.provider.ListDataProvider;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.editing.Draft;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTable.Cell;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.editing.SettingsTable.Row;
import dev.strata.ui.ShownValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application a page shows, its table as last read and the draft being edited: what the
 * page's components share, and how a value reads with its pending change.
 */
final class OpenApplication {

    final Draft draft = new Draft();
    AppName app;
    SettingsTable table;
    /** Keys added ad hoc in the draft: rows the table does not have yet. */
    final Map<SettingKey, Row> addedRows = new LinkedHashMap<>();
    /** The grid's rows: the table's and the added ones. */
    ListDataProvider<Row> items;

    /** Drops the draft and the rows it added. */
    void forgetDraft() {
        draft.discard();
        addedRows.clear();
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>(table.rows());
        addedRows.values().forEach(added -> {
            if (table.row(added.key()).isEmpty()) {
                rows.add(added);
            }
        });
        return rows;
    }

    Row rowOf(SettingKey key) {
        return table.row(key).orElseGet(() -> addedRows.get(key));
    }

    /** The environments a draft is committed to directly; protected ones take change requests instead. */
    List<EnvName> committable() {
        return table.columns().stream()
                .filter(c -> c.editable() && !c.isProtected())
                .map(Column::env)
                .toList();
    }

    boolean proposing() {
        return draft.env().flatMap(table::column).map(Column::isProtected).orElse(false);
    }

    boolean editable() {
        return table.columns().stream().anyMatch(Column::editable);
    }

    Optional<Draft.Change> pendingChange(SettingKey key, EnvName env) {
        return draft.env().filter(env::equals).flatMap(e -> draft.change(key));
    }

    String pendingProblem(Row row, EnvName env) {
        return pendingChange(row.key(), env)
                .filter(change -> !change.removes())
                .map(change -> row.spec().problem(change.value()))
                .orElse(null);
    }

    /**
     * What a cell shows, as text: its own value, the value a shared set gives it (named after the
     * set), its default, or that a required value is missing; and any pending change, a removed own
     * value showing what it falls back to.
     */
    String cellText(Row row, EnvName env) {
        Cell cell = row.cell(env);
        String fallback = fallback(row, cell);
        String now = cell.isSet() ? cell.value() : fallback;
        Optional<Draft.Change> pending = pendingChange(row.key(), env);
        if (pending.isEmpty()) {
            return now;
        }
        String next = !pending.get().removes()
                ? Secrecy.shown(row.spec(), pending.get().value())
                : cell.inherited() != null ? fallback : "(removed)";
        return (cell.isSet() || cell.inherited() != null || cell.defaultValue() != null ? now : ShownValue.NOT_SET)
                + " → " + next;
    }

    /** What the application gets where it has no value of its own: inherited, default, or nothing. */
    private static String fallback(Row row, Cell cell) {
        if (cell.inherited() != null) {
            return inheritedText(cell);
        }
        return cell.defaultValue() != null
                ? shownDefault(row, cell)
                : cell.problem() != null ? "missing (required)" : ShownValue.NOT_SET;
    }

    /** A value a shared set gives, named after the set. */
    static String inheritedText(Cell cell) {
        return cell.inherited() + " (from " + cell.inheritedFrom() + ")";
    }

    private static String shownDefault(Row row, Cell cell) {
        return ShownValue.of(null, Secrecy.shown(row.spec(), cell.defaultValue()));
    }

    /** Why the person cannot edit here now. */
    String editableReason() {
        if (draft.env().isPresent()) {
            return "Your draft holds changes to " + draft.env().get()
                    + "; save or discard them before editing another environment.";
        }
        return table.columns().stream()
                .map(Column::readOnlyReason)
                .filter(r -> r != null)
                .findFirst()
                .orElse("You may not edit this application.");
    }

    static Notification notify(String text, NotificationVariant variant) {
        var notification = Notification.show(text, 5000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
        return notification;
    }
}
