package dev.strata.editing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.Secrecy;
import dev.strata.config.Settings;
import dev.strata.editing.ApplicationsService;
import dev.strata.editing.Draft;
import dev.strata.editing.SettingsTable.Cell;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.editing.SettingsTable.Row;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The keys of an application in every environment, with the filters above them and the inline
 * editor that puts what is typed into the draft.
 */
final class SettingsGrid {

    private static final int LONGEST_IN_GRID = 160;

    /** Tells what changed in the draft while typing: the row, the environment and the value's problem, or null. */
    interface DraftEdited {
        void edited(Row row, EnvName env, String problem);
    }

    final Grid<Row> grid = new Grid<>();
    final TextField filter = new TextField();
    final Checkbox onlyDifferences = new Checkbox("Only differences");
    final Checkbox onlyProblems = new Checkbox("Only problems");
    /** The fields of the row being edited, per editable environment. */
    final Map<EnvName, CellEditor> editors = new LinkedHashMap<>();

    private final OpenApplication open;
    private final DraftEdited onEdited;
    private Row editing;

    /**
     * @param onSelected told of the selected row (null when none), and of the edited row once its editor closes
     */
    SettingsGrid(OpenApplication open, Consumer<Row> onSelected, DraftEdited onEdited) {
        this.open = open;
        this.onEdited = onEdited;
        filter.setPlaceholder("Filter keys and values");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setMaxLength(ApplicationsService.MAX_SEARCH_LENGTH);
        filter.setAriaLabel("Filter keys and values");
        filter.addValueChangeListener(change -> applyFilter());
        onlyDifferences.addValueChangeListener(change -> applyFilter());
        onlyProblems.addValueChangeListener(change -> applyFilter());

        grid.addClassName("settings-grid");
        grid.addThemeVariants(GridVariant.COLUMN_BORDERS, GridVariant.WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No key matches the filter.");
        grid.addSelectionListener(
                selection -> onSelected.accept(selection.getFirstSelectedItem().orElse(null)));
        grid.addItemDoubleClickListener(click -> edit(click.getItem()));
        grid.getEditor().setBinder(new Binder<>());
        grid.getEditor().setBuffered(false);
        grid.getEditor().addCloseListener(closed -> {
            Row row = editing;
            editing = null;
            editors.clear();
            if (row != null) {
                open.items.refreshItem(row);
                onSelected.accept(row);
            }
        });
        Shortcuts.addShortcutListener(grid, () -> grid.getEditor().closeEditor(), Key.ESCAPE)
                .listenOn(grid);
        Shortcuts.addShortcutListener(
                        grid, () -> grid.getSelectedItems().stream().findFirst().ifPresent(this::edit), Key.F2)
                .listenOn(grid);
    }

    /** Shows the open application's table afresh: its columns and rows, filtered as before. */
    void show() {
        configureColumns();
        open.items = new ListDataProvider<>(open.rows());
        grid.setItems(open.items);
        applyFilter();
    }

    void closeEditor() {
        grid.getEditor().closeEditor();
    }

    private void configureColumns() {
        grid.removeAllColumns();
        grid.addColumn(row -> row.key().value())
                .setHeader("Key")
                .setKey("key")
                .setFrozen(true)
                .setResizable(true)
                .setWidth("13rem")
                .setFlexGrow(0)
                .setTooltipGenerator(SettingsGrid::schemaText)
                .setPartNameGenerator(row -> row.declared() ? "key" : "key undeclared");
        grid.addColumn(SettingsGrid::typeText)
                .setHeader("Type")
                .setKey("type")
                .setWidth("7rem")
                .setFlexGrow(0)
                .setResizable(true);
        for (Column column : open.table.columns()) {
            EnvName env = column.env();
            var header = new Span(env.value());
            if (!column.editable()) {
                header.add(VaadinIcon.LOCK.create());
                header.getElement().setAttribute("title", column.readOnlyReason());
            }
            header.addClassName("env-header");
            var gridColumn = grid.addColumn(row -> shortened(open.cellText(row, env)))
                    .setHeader(header)
                    .setKey(env.value())
                    .setResizable(true)
                    .setFlexGrow(1)
                    .setWidth("9rem")
                    .setPartNameGenerator(row -> partNames(row, column))
                    .setTooltipGenerator(row -> cellTooltip(row, column));
            if (column.editable()) {
                gridColumn.setEditorComponent(
                        row -> editors.containsKey(env) ? editors.get(env).component() : null);
            }
        }
    }

    /** A long value would make its row taller than the page: the grid shows its start, the side panel all of it. */
    static String shortened(String text) {
        return text.length() <= LONGEST_IN_GRID
                ? text
                : text.substring(0, LONGEST_IN_GRID) + "… (" + text.length()
                        + " characters; select the key to see all)";
    }

    private String partNames(Row row, Column column) {
        Cell cell = row.cell(column.env());
        var parts = new StringJoiner(" ");
        parts.add("value");
        if (!cell.isSet()) {
            parts.add(cell.inherited() != null ? "inherited" : "unset");
        }
        if (cell.differsFromPrevious()) {
            parts.add("differs");
        }
        if (cell.problem() != null || open.pendingProblem(row, column.env()) != null) {
            parts.add("problem");
        }
        if (open.pendingChange(row.key(), column.env()).isPresent()) {
            parts.add("pending");
        }
        if (!column.editable()) {
            parts.add("readonly");
        }
        return parts.toString();
    }

    private String cellTooltip(Row row, Column column) {
        String pendingProblem = open.pendingProblem(row, column.env());
        if (pendingProblem != null) {
            return "Unsaved value: " + pendingProblem;
        }
        Cell cell = row.cell(column.env());
        if (cell.problem() != null) {
            return cell.problem();
        }
        var tooltip = new StringJoiner("\n");
        if (cell.inherited() != null) {
            tooltip.add(
                    cell.isSet()
                            ? "Overrides " + cell.inheritedFrom() + "'s " + cell.inherited()
                                    + "; removing it here brings that back"
                            : "From the shared set " + cell.inheritedFrom()
                                    + (column.editable() ? "; edit it to override it here" : ""));
        }
        if (cell.differsFromPrevious()) {
            tooltip.add("Differs from "
                    + open.table
                            .columns()
                            .get(open.table.columns().indexOf(column) - 1)
                            .env());
        }
        return tooltip.length() == 0 ? null : tooltip.toString();
    }

    static String typeText(Row row) {
        KeySpec spec = row.spec();
        var text = new StringJoiner(" · ");
        text.add(spec.type().schemaName());
        if (spec.required()) {
            text.add("required");
        }
        if (spec.secret()) {
            text.add("secret");
        }
        if (spec.envSpecific()) {
            text.add("per environment");
        }
        if (!row.declared()) {
            text.add("not in schema");
        }
        return text.toString();
    }

    static String schemaText(Row row) {
        KeySpec spec = row.spec();
        var text = new StringJoiner("\n");
        if (spec.description() != null) {
            text.add(spec.description());
        }
        text.add("Type: " + spec.type().schemaName()
                + (spec.values().isEmpty() ? "" : " (" + String.join(", ", spec.values()) + ")"));
        if (spec.defaultValue() != null) {
            text.add("Default: " + Secrecy.shown(spec, spec.defaultValue()));
        }
        if (spec.required()) {
            text.add("Required in every environment");
        }
        if (spec.envSpecific()) {
            text.add("Expected to differ between environments");
        }
        if (!row.declared()) {
            text.add("Not declared in the schema: an optional string");
        }
        return text.toString();
    }

    void applyFilter() {
        if (open.items == null) {
            return;
        }
        String text = filter.getValue();
        if (text.length() > ApplicationsService.MAX_SEARCH_LENGTH) {
            // as long a text would cost its length times each value's to find
            filter.setErrorMessage("at most " + ApplicationsService.MAX_SEARCH_LENGTH + " characters");
            filter.setInvalid(true);
            return;
        }
        boolean differences = onlyDifferences.getValue();
        boolean problems = onlyProblems.getValue();
        open.items.setFilter(row -> row.matches(text)
                && (!differences || row.differs())
                && (!problems
                        || row.hasProblem()
                        || open.table.columns().stream().anyMatch(c -> open.pendingProblem(row, c.env()) != null)));
    }

    /** Opens the inline editor on {@code row}, with a field fitting its type in each environment the person may edit. */
    void edit(Row row) {
        // Closing first: closing later would run the close listener and drop the fields made for this row
        grid.getEditor().closeEditor();
        editors.clear();
        for (Column column : open.table.columns()) {
            if (column.editable() && open.draft.accepts(column.env())) {
                editors.put(column.env(), editorFor(row, column.env()));
            }
        }
        if (editors.isEmpty()) {
            OpenApplication.notify(open.editableReason(), NotificationVariant.WARNING);
            return;
        }
        editing = row;
        if (!grid.getSelectedItems().contains(row)) {
            // the side panel follows the row being edited, so that its problems show there while typing
            grid.select(row);
        }
        grid.getEditor().editItem(row);
        editors.values().iterator().next().focus();
    }

    private CellEditor editorFor(Row row, EnvName env) {
        Draft draft = open.draft;
        Cell cell = row.cell(env);
        String current = row.spec().secret() ? null : cell.value();
        // an inherited value is where an override starts from; saving it writes it into the application's own file
        String initial = open.pendingChange(row.key(), env)
                .map(Draft.Change::value)
                .orElse(
                        current != null
                                ? current
                                : row.spec().secret()
                                        ? null
                                        : cell.inherited() != null ? cell.inherited() : cell.defaultValue());
        var editor = new CellEditor(row.spec(), initial, row.key() + " in " + env);
        editor.showProblem(open.pendingProblem(row, env));
        editor.onChange(() -> {
            String value = editor.value();
            String refused = value == null ? null : Settings.valueProblem(value);
            if (value == null) {
                if (row.spec().secret()) {
                    draft.withdraw(row.key());
                    editor.showProblem(null);
                } else {
                    editor.showProblem("enter a value, or remove the key");
                }
            } else if (refused != null) {
                // Never drafted, so neither the Save checks nor the credential warning ever read it
                editor.showProblem(refused + "; it is not taken into the draft");
            } else {
                draft.set(env, open.table.revision(), row.key(), value, current);
                editor.showProblem(row.spec().problem(value));
            }
            onEdited.edited(row, env, editor.problem());
        });
        Shortcuts.addShortcutListener(editor.component(), () -> grid.getEditor().closeEditor(), Key.ENTER)
                .listenOn(editor.component());
        return editor;
    }
}
