package dev.strata.editing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.BeforeLeaveEvent;
import com.vaadin.flow.router.BeforeLeaveObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.ui.PromoteDialog;
import dev.strata.config.AppName;
import dev.strata.instances.ui.InstancesPanel;
import dev.strata.rollouts.ui.RolloutPanel;
import dev.strata.config.CommitResult;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.LastChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.editing.ApplicationsService;
import dev.strata.editing.Draft;
import dev.strata.editing.SchemaService;
import dev.strata.editing.SettingsService;
import dev.strata.editing.SettingsTransfer;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTable.Cell;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.editing.SettingsTable.Row;
import dev.strata.security.Person;
import dev.strata.security.Role;
import dev.strata.ui.EmptyState;
import dev.strata.ui.ShownValue;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;

/**
 * One application in every environment side by side, and editing it: changes collect in a draft
 * and become one commit with a message. {@code apps/<app>?key=<key>} opens it at a key.
 */
@Route("apps/:app")
@PermitAll
public class ApplicationView extends VerticalLayout implements BeforeEnterObserver, BeforeLeaveObserver, HasDynamicTitle {

    private static final int LONGEST_IN_GRID = 160;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final SettingsService settings;
    private final SettingsTransfer transfer;
    private final ChangeRequestService changes;
    private final SchemaService schemas;
    final InstancesPanel instances;
    final Draft draft = new Draft();
    SettingsTable table;
    private AppName app;
    /** Keys added ad hoc in the draft: rows the table does not have yet. */
    private final Map<SettingKey, Row> addedRows = new LinkedHashMap<>();

    final H2 title = new H2();
    final Paragraph about = new Paragraph();
    final TextField filter = new TextField();
    final Checkbox onlyDifferences = new Checkbox("Only differences");
    final Checkbox onlyProblems = new Checkbox("Only problems");
    final Button addKey = new Button("Add key", VaadinIcon.PLUS.create());
    final Button download = new Button("Download…", VaadinIcon.DOWNLOAD.create());
    final Button importSettings = new Button("Import…", VaadinIcon.UPLOAD.create());
    final Button editSchema = new Button("Schema…", VaadinIcon.COG_O.create());
    final Badge draftCount = new Badge();
    final Button save = new Button("Save…", VaadinIcon.CHECK.create());
    final Button discard = new Button("Discard");
    final Div notices = new Div();
    final Grid<Row> grid = new Grid<>();
    final Details draftPanel = new Details();
    final Div pendingList = new Div();
    final Div keyDetails = new Div();
    /** The fields of the row being edited, per editable environment. */
    final Map<EnvName, CellEditor> editors = new LinkedHashMap<>();
    private ListDataProvider<Row> items;
    private Row editing;
    /** Who last changed each key, per environment: read once per page load, when a key there is first shown. */
    private final Map<EnvName, Map<SettingKey, LastChange>> lastChanges = new HashMap<>();
    /** The key the side panel shows, and the line there for each environment's problem. */
    private Row shownKey;
    final Map<EnvName, Div> problemLines = new HashMap<>();

    final FlexLayout promotions = new FlexLayout();
    /** "Only problems" was ticked by a refused save rather than by the person: saving unticks it again. */
    private boolean problemsShownForSave;
    /** The call to fix problems before saving, while it is shown. */
    private Notification fixFirst;

    ApplicationView(SettingsService settings, SettingsTransfer transfer, ChangeRequestService changes, SchemaService schemas,
                    InstancesPanel instances) {
        this.instances = instances;
        this.settings = settings;
        this.transfer = transfer;
        this.changes = changes;
        this.schemas = schemas;
        addClassName("application-view");
        setSizeFull();

        filter.setPlaceholder("Filter keys and values");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setMaxLength(ApplicationsService.MAX_SEARCH_LENGTH);
        filter.setAriaLabel("Filter keys and values");
        filter.addValueChangeListener(change -> applyFilter());
        onlyDifferences.addValueChangeListener(change -> applyFilter());
        onlyProblems.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                problemsShownForSave = false;
            }
            applyFilter();
        });

        addKey.addClickListener(click -> openAddKey());
        download.addThemeVariants(ButtonVariant.TERTIARY);
        download.addClickListener(click -> new ExportDialog(transfer, app, table).open());
        importSettings.addThemeVariants(ButtonVariant.TERTIARY);
        importSettings.addClickListener(click -> new ImportDialog(settings, transfer, app, committable(), this::load).open());
        editSchema.addThemeVariants(ButtonVariant.TERTIARY);
        editSchema.addClickListener(click -> new SchemaDialog(schemas, app, this::load).open());
        draftCount.addClassName("draft-count");
        draftCount.setVisible(false);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> openSave());
        discard.addThemeVariants(ButtonVariant.TERTIARY);
        discard.addClickListener(click -> discardDraft());

        grid.addClassName("settings-grid");
        grid.addThemeVariants(GridVariant.COLUMN_BORDERS, GridVariant.WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No key matches the filter.");
        grid.addSelectionListener(selection -> showKey(selection.getFirstSelectedItem().orElse(null)));
        grid.addItemDoubleClickListener(click -> edit(click.getItem()));
        grid.getEditor().setBinder(new Binder<>());
        grid.getEditor().setBuffered(false);
        grid.getEditor().addCloseListener(closed -> stopEditing());
        Shortcuts.addShortcutListener(grid, () -> grid.getEditor().closeEditor(), Key.ESCAPE).listenOn(grid);
        Shortcuts.addShortcutListener(grid, () -> grid.getSelectedItems().stream().findFirst().ifPresent(this::edit),
                Key.F2).listenOn(grid);

        draftPanel.addClassName("draft-panel");
        draftPanel.add(pendingList);
        draftPanel.setVisible(false);
        draftPanel.setOpened(true);
        keyDetails.addClassName("key-details");
        keyDetails.setVisible(false);
    }

    @Override
    public void beforeLeave(BeforeLeaveEvent event) {
        if (draft.isEmpty() || event.getNavigationTarget() == ApplicationView.class
                && event.getRouteParameters().get("app").equals(Optional.ofNullable(app).map(AppName::value))) {
            return;
        }
        var postponed = event.postpone();
        var confirm = new ConfirmDialog("Leave without saving?",
                "You have " + draft.size() + " unsaved " + (draft.size() == 1 ? "change" : "changes") + " to "
                        + draft.env().orElseThrow() + ". Leaving discards them.",
                "Discard and leave", confirmed -> {
                    draft.discard();
                    addedRows.clear();
                    postponed.proceed();
                });
        confirm.setCancelable(true);
        confirm.setCancelText("Stay");
        confirm.setConfirmButtonTheme(ButtonVariant.PRIMARY.getVariantName() + " " + ButtonVariant.ERROR.getVariantName());
        confirm.open();
    }

    @Override
    public String getPageTitle() {
        return (app == null ? "Application" : app.value()) + " · Strata";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get("app").orElse("");
        try {
            AppName requested = new AppName(name);
            if (!requested.equals(app)) {
                // The router reuses this view for another application: nothing of the previous one may carry over
                draft.discard();
                addedRows.clear();
                grid.deselectAll();
                filter.clear();
                draftSettled();
            }
            app = requested;
            load();
        } catch (ValidationException | NotFoundException e) {
            app = null;
            removeAll();
            add(new EmptyState(VaadinIcon.QUESTION_CIRCLE, "There is no such application",
                    "The address names an application that does not exist. Pick one from the overview.",
                    new RouterLink("Back to the overview", OverviewView.class)));
            return;
        }
        event.getLocation().getQueryParameters().getSingleParameter("key").ifPresent(key ->
                rows().stream().filter(row -> row.key().value().equals(key)).findFirst().ifPresent(row -> {
                    grid.select(row);
                    grid.scrollToItem(row);
                }));
    }

    /** Reads the application afresh; the draft (and its base revision) is kept. */
    private void load() {
        Optional<SettingKey> selected = grid.getSelectedItems().stream().findFirst().map(Row::key);
        table = settings.table(app);
        lastChanges.clear();
        removeAll();
        title.setText(app.value());
        about.setText(describe(table));
        about.addClassName("application-about");

        showPromotions();
        var tools = new FlexLayout(filter, onlyDifferences, onlyProblems, addKey, importSettings, download, editSchema,
                promotions);
        tools.addClassName("toolbar");
        var actions = new FlexLayout(draftCount, discard, save);
        actions.addClassName("draft-actions");
        var header = new FlexLayout(new Div(title, about), actions);
        header.addClassName("application-header");
        boolean editable = table.columns().stream().anyMatch(Column::editable);
        addKey.setVisible(editable);
        importSettings.setVisible(!committable().isEmpty());
        editSchema.setVisible(schemas.mayEdit(app));
        actions.setVisible(editable);
        showNotices();
        configureColumns();
        items = new ListDataProvider<>(rows());
        grid.setItems(items);
        applyFilter();
        var body = new FlexLayout(grid, keyDetails);
        body.addClassName("application-body");
        instances.show(app, table.columns().stream().map(Column::env).toList());
        add(header, tools, notices, RolloutPanel.of(app), instances, draftPanel, body);
        refreshDraft();
        // The rows are new objects: select the same key again so that its details show the new values
        selected.flatMap(key -> rows().stream().filter(row -> row.key().equals(key)).findFirst())
                .ifPresentOrElse(grid::select, () -> showKey(null));
    }

    /** The environments a draft is committed to directly; protected ones take change requests instead. */
    private List<EnvName> committable() {
        return table.columns().stream().filter(c -> c.editable() && !c.isProtected()).map(Column::env).toList();
    }

    private boolean proposing() {
        return draft.env().flatMap(table::column).map(Column::isProtected).orElse(false);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>(table.rows());
        addedRows.values().forEach(added -> {
            if (table.row(added.key()).isEmpty()) {
                rows.add(added);
            }
        });
        return rows;
    }

    private static String describe(SettingsTable table) {
        var text = new StringJoiner(" · ");
        if (!table.schema().description().isBlank()) {
            text.add(table.schema().description());
        }
        if (!table.schema().owners().isEmpty()) {
            text.add("owned by " + String.join(", ", table.schema().owners()));
        }
        text.add(table.rows().size() + (table.rows().size() == 1 ? " key" : " keys"));
        text.add("revision " + table.revision().abbreviated());
        return text.toString();
    }

    /** Who may change and approve the application, by its owners, and where the signed-in person may approve. */
    static String accessText(SettingsTable table) {
        List<String> owners = table.schema().owners();
        String who = (owners.isEmpty()
                ? "It has no owners, so roles limited to a team do not reach it: changing it needs "
                : "Owned by " + String.join(", ", owners) + ": changing it needs ")
                + Person.needed(Role.Kind.EDITOR, "<env>", owners) + ", approving its change requests "
                + Person.needed(Role.Kind.APPROVER, "<env>", owners) + ".";
        String approves = table.columns().stream().filter(Column::mayApprove).map(c -> c.env().value())
                .reduce((a, b) -> a + ", " + b).map(envs -> " You approve its change requests into " + envs + ".")
                .orElse(" You approve none of its change requests.");
        return who + approves;
    }

    /** A "Promote dev → staging" for each environment the person may propose changes to. */
    private void showPromotions() {
        promotions.removeAll();
        promotions.addClassName("promotions");
        List<Column> columns = table.columns();
        for (int i = 1; i < columns.size(); i++) {
            EnvName from = columns.get(i - 1).env();
            EnvName into = columns.get(i).env();
            if (columns.get(i).mayPropose()) {
                var promote = new Button("Promote " + from + " → " + into, VaadinIcon.ARROW_FORWARD.create());
                promote.addThemeVariants(ButtonVariant.TERTIARY);
                promote.addClickListener(click -> new PromoteDialog(changes, app, into).open());
                promotions.add(promote);
            }
        }
    }

    private void showNotices() {
        notices.removeAll();
        notices.addClassName("notices");
        var access = new Div(VaadinIcon.USERS.create(), new Span(accessText(table)));
        access.addClassName("notice");
        access.addClassName("access-notice");
        notices.add(access);
        table.columns().stream().filter(Column::editable).map(c -> c.env().value()).reduce((a, b) -> a + ", " + b)
                .ifPresent(envs -> {
                    var hint = new Div(VaadinIcon.EDIT.create(),
                            new Span("Double-click a key, or select it and press F2, to edit it in " + envs + "."));
                    hint.addClassName("notice");
                    notices.add(hint);
                });
        for (Column column : table.columns()) {
            if (column.editable() && column.isProtected()) {
                var notice = new Div(VaadinIcon.USERS.create(), new Span(column.env() + " is protected: your changes there"
                        + " become a change request, merged once approvers of " + column.env() + " agree."));
                notice.addClassName("notice");
                notices.add(notice);
            }
            if (column.readOnlyReason() != null) {
                var notice = new Div(VaadinIcon.LOCK.create(), new Span(column.readOnlyReason()));
                notice.addClassName(column.error() != null ? "notice-error" : "notice");
                notices.add(notice);
            }
        }
    }

    private void configureColumns() {
        grid.removeAllColumns();
        grid.addColumn(row -> row.key().value()).setHeader("Key").setKey("key").setFrozen(true).setResizable(true)
                .setWidth("13rem").setFlexGrow(0).setTooltipGenerator(ApplicationView::schemaText)
                .setPartNameGenerator(row -> row.declared() ? "key" : "key undeclared");
        grid.addColumn(ApplicationView::typeText).setHeader("Type").setKey("type").setWidth("7rem").setFlexGrow(0)
                .setResizable(true);
        for (Column column : table.columns()) {
            EnvName env = column.env();
            var header = new Span(env.value());
            if (!column.editable()) {
                header.add(VaadinIcon.LOCK.create());
                header.getElement().setAttribute("title", column.readOnlyReason());
            }
            header.addClassName("env-header");
            var gridColumn = grid.addColumn(row -> shortened(cellText(row, env))).setHeader(header).setKey(env.value())
                    .setResizable(true).setFlexGrow(1).setWidth("9rem")
                    .setPartNameGenerator(row -> partNames(row, column))
                    .setTooltipGenerator(row -> cellTooltip(row, column));
            if (column.editable()) {
                gridColumn.setEditorComponent(row -> editors.containsKey(env) ? editors.get(env).component() : null);
            }
        }
    }

    /** What a cell shows, as text: its value, its default, or that a required value is missing; and any pending change. */
    String cellText(Row row, EnvName env) {
        Cell cell = row.cell(env);
        String now = cell.isSet() ? cell.value()
                : cell.defaultValue() != null ? shownDefault(row, cell) : cell.problem() != null ? "missing (required)" : ShownValue.NOT_SET;
        Optional<Draft.Change> pending = pendingChange(row.key(), env);
        if (pending.isEmpty()) {
            return now;
        }
        String next = pending.get().removes() ? "(removed)" : Secrecy.shown(row.spec(), pending.get().value());
        return (cell.isSet() || cell.defaultValue() != null ? now : ShownValue.NOT_SET) + " → " + next;
    }

    /** A long value would make its row taller than the page: the grid shows its start, the side panel all of it. */
    static String shortened(String text) {
        return text.length() <= LONGEST_IN_GRID ? text
                : text.substring(0, LONGEST_IN_GRID) + "… (" + text.length() + " characters; select the key to see all)";
    }

    private static String shownDefault(Row row, Cell cell) {
        return ShownValue.of(null, Secrecy.shown(row.spec(), cell.defaultValue()));
    }

    private String partNames(Row row, Column column) {
        Cell cell = row.cell(column.env());
        var parts = new StringJoiner(" ");
        parts.add("value");
        if (!cell.isSet()) {
            parts.add("unset");
        }
        if (cell.differsFromPrevious()) {
            parts.add("differs");
        }
        if (cell.problem() != null || pendingProblem(row, column.env()) != null) {
            parts.add("problem");
        }
        if (pendingChange(row.key(), column.env()).isPresent()) {
            parts.add("pending");
        }
        if (!column.editable()) {
            parts.add("readonly");
        }
        return parts.toString();
    }

    private String cellTooltip(Row row, Column column) {
        String pendingProblem = pendingProblem(row, column.env());
        if (pendingProblem != null) {
            return "Unsaved value: " + pendingProblem;
        }
        Cell cell = row.cell(column.env());
        if (cell.problem() != null) {
            return cell.problem();
        }
        if (cell.differsFromPrevious()) {
            return "Differs from " + table.columns().get(table.columns().indexOf(column) - 1).env();
        }
        return null;
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
        text.add("Type: " + spec.type().schemaName() + (spec.values().isEmpty() ? "" : " (" + String.join(", ", spec.values()) + ")"));
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

    private Optional<Draft.Change> pendingChange(SettingKey key, EnvName env) {
        return draft.env().filter(env::equals).flatMap(e -> draft.change(key));
    }

    private String pendingProblem(Row row, EnvName env) {
        return pendingChange(row.key(), env).filter(change -> !change.removes())
                .map(change -> row.spec().problem(change.value())).orElse(null);
    }

    private void applyFilter() {
        if (items == null) {
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
        items.setFilter(row -> row.matches(text) && (!differences || row.differs())
                && (!problems || row.hasProblem() || table.columns().stream().anyMatch(c -> pendingProblem(row, c.env()) != null)));
    }

    /** Opens the inline editor on {@code row}, with a field fitting its type in each environment the person may edit. */
    void edit(Row row) {
        // Closing first: closing later would run stopEditing and drop the fields made for this row
        grid.getEditor().closeEditor();
        editors.clear();
        for (Column column : table.columns()) {
            if (column.editable() && draft.accepts(column.env())) {
                editors.put(column.env(), editorFor(row, column.env()));
            }
        }
        if (editors.isEmpty()) {
            notify(editableReason(), NotificationVariant.WARNING);
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

    private String editableReason() {
        if (draft.env().isPresent()) {
            return "Your draft holds changes to " + draft.env().get() + "; save or discard them before editing another environment.";
        }
        return table.columns().stream().map(Column::readOnlyReason).filter(r -> r != null).findFirst()
                .orElse("You may not edit this application.");
    }

    private CellEditor editorFor(Row row, EnvName env) {
        Cell cell = row.cell(env);
        String current = row.spec().secret() ? null : cell.value();
        String initial = pendingChange(row.key(), env).map(Draft.Change::value)
                .orElse(current != null ? current : row.spec().secret() ? null : cell.defaultValue());
        var editor = new CellEditor(row.spec(), initial, row.key() + " in " + env);
        editor.showProblem(pendingProblem(row, env));
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
                draft.set(env, table.revision(), row.key(), value, current);
                editor.showProblem(row.spec().problem(value));
            }
            refreshDraft();
            showProblemInDetails(row, env, editor.problem());
        });
        Shortcuts.addShortcutListener(editor.component(), () -> grid.getEditor().closeEditor(), Key.ENTER)
                .listenOn(editor.component());
        return editor;
    }

    private void stopEditing() {
        Row row = editing;
        editing = null;
        editors.clear();
        if (row != null) {
            items.refreshItem(row);
            showKey(row);
        }
    }

    /** Shows the schema of a key and its values per environment, with the actions that fit, and puts it in the URL. */
    private void showKey(Row row) {
        keyDetails.removeAll();
        problemLines.clear();
        shownKey = row;
        keyDetails.setVisible(row != null);
        if (row == null) {
            return;
        }
        var heading = new H3(row.key().value());
        heading.addClassName("key-name");
        var schema = new Div();
        schema.addClassName("key-schema");
        schemaText(row).lines().forEach(line -> schema.add(new Div(line)));
        keyDetails.add(heading, schema);
        for (Column column : table.columns()) {
            keyDetails.add(environmentLine(row, column));
        }
        var editButton = new Button("Edit", VaadinIcon.EDIT.create(), click -> edit(row));
        editButton.setVisible(table.columns().stream().anyMatch(Column::editable));
        keyDetails.add(editButton);
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location("apps/" + app.value(), QueryParameters.of("key", row.key().value()))));
    }

    private Div environmentLine(Row row, Column column) {
        EnvName env = column.env();
        var name = new Span(env.value());
        name.addClassName("env-name");
        var value = new Span(cellText(row, env));
        value.addClassName("env-value");
        var line = new Div(name, value);
        line.addClassName("env-line");
        Cell cell = row.cell(env);
        if (row.spec().secret() && cell.isSet() && column.mayReveal()) {
            var reveal = new Button("Reveal", VaadinIcon.EYE.create());
            reveal.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
            String masked = value.getText();
            reveal.addClickListener(click -> {
                if (reveal.getText().equals("Reveal")) {
                    reveal(row.key(), env, value, reveal);
                } else {
                    value.setText(masked);
                    reveal.setText("Reveal");
                    reveal.setIcon(VaadinIcon.EYE.create());
                }
            });
            line.add(reveal);
        }
        var problem = new Div();
        problem.addClassName("env-problem");
        problemLines.put(env, problem);
        showProblemInDetails(row, env, pendingProblem(row, env) != null ? pendingProblem(row, env) : cell.problem());
        line.add(problem);
        var timeline = new Button("Timeline", VaadinIcon.TIME_BACKWARD.create(), click -> openTimeline(row.key(), env));
        timeline.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        timeline.setAriaLabel("Timeline of " + row.key() + " in " + env);
        timeline.setTooltipText("Every value " + row.key() + " had in " + env + ", who set it, when and why");
        line.add(timeline);
        if (column.editable() && draft.accepts(env) && cell.isSet()
                && !pendingChange(row.key(), env).map(Draft.Change::removes).orElse(false)) {
            var remove = new Button("Remove", VaadinIcon.TRASH.create());
            remove.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
            remove.setAriaLabel("Remove " + row.key() + " from " + env);
            remove.addClickListener(click -> {
                draft.unset(env, table.revision(), row.key(), true);
                refreshDraft();
                items.refreshItem(row);
                showKey(row);
            });
            line.add(remove);
        }
        if (cell.isSet() && column.error() == null) {
            LastChange last = lastChanges.computeIfAbsent(env, e -> settings.lastChanges(app, e)).get(row.key());
            if (last != null) {
                var blame = new Div("last changed by " + last.author().name() + " on " + DAY.format(last.time()));
                blame.addClassName("env-blame");
                blame.setTitle(last.revision().abbreviated() + " · " + last.subject());
                line.add(blame);
            }
        }
        return line;
    }

    /** Shows what is wrong with the value of {@code row} in {@code env} in the side panel, visible without hovering. */
    private void showProblemInDetails(Row row, EnvName env, String problem) {
        Div line = problemLines.get(env);
        if (line != null && shownKey != null && shownKey.key().equals(row.key())) {
            line.setText(problem);
            line.setVisible(problem != null);
        }
    }

    /** The History page filtered to one key in one environment; leaving asks first when the draft holds changes. */
    private void openTimeline(SettingKey key, EnvName env) {
        var filters = new LinkedHashMap<String, String>();
        filters.put("app", app.value());
        filters.put("env", env.value());
        filters.put("key", key.value());
        getUI().ifPresent(ui -> ui.navigate("history", QueryParameters.simple(filters)));
    }

    private void reveal(SettingKey key, EnvName env, Span value, Button reveal) {
        try {
            value.setText(settings.reveal(app, env, key));
            reveal.setText("Hide");
            reveal.setIcon(VaadinIcon.EYE_SLASH.create());
        } catch (AccessDeniedException | NotFoundException e) {
            notify(e.getMessage(), NotificationVariant.ERROR);
        }
    }

    private void refreshDraft() {
        int size = draft.size();
        draftCount.setVisible(size > 0);
        draftCount.setText(size + (size == 1 ? " unsaved change" : " unsaved changes"));
        save.setEnabled(size > 0);
        save.setText(proposing() ? "Propose…" : "Save…");
        discard.setEnabled(size > 0);
        draftPanel.setVisible(size > 0);
        draftPanel.setSummaryText(draft.env().map(env -> "Unsaved changes to " + env + " (" + size + ")").orElse(""));
        pendingList.removeAll();
        for (Draft.Change change : draft.changes()) {
            Row row = rowOf(change.key());
            EnvName env = draft.env().orElseThrow();
            var text = new Span(change.key() + ": " + cellText(row, env));
            var withdraw = new Button(VaadinIcon.CLOSE_SMALL.create(), click -> {
                draft.withdraw(change.key());
                if (table.row(change.key()).isEmpty()) {
                    addedRows.remove(change.key());
                    items.getItems().remove(row);
                    items.refreshAll();
                }
                refreshDraft();
                items.refreshItem(row);
            });
            withdraw.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
            withdraw.setAriaLabel("Withdraw the change of " + change.key());
            withdraw.setTooltipText("Withdraw this change");
            var line = new Div(text, withdraw);
            line.addClassName(pendingProblem(row, env) != null ? "pending-problem" : "pending");
            pendingList.add(line);
        }
    }

    private Row rowOf(SettingKey key) {
        return table.row(key).orElseGet(() -> addedRows.get(key));
    }

    private void openAddKey() {
        List<EnvName> environments = table.columns().stream().filter(Column::editable).map(Column::env)
                .filter(draft::accepts).toList();
        if (environments.isEmpty()) {
            notify(editableReason(), NotificationVariant.WARNING);
            return;
        }
        new AddKeyDialog(table, environments, this::addKey).open();
    }

    void addKey(EnvName env, SettingKey key, String value) {
        draft.set(env, table.revision(), key, value, null);
        Row row = table.row(key).orElseGet(() -> {
            Row added = new Row(key, KeySpec.UNDECLARED, false, table.columns().stream()
                    .map(c -> new Cell(c.env(), null, null, false, null)).toList());
            addedRows.put(key, added);
            items.getItems().add(added);
            items.refreshAll();
            return added;
        });
        items.refreshItem(row);
        refreshDraft();
        grid.select(row);
        if (items.getFilter() == null || items.getFilter().test(row)) {
            // a row the filters hide cannot be scrolled to
            grid.scrollToItem(row);
        }
    }

    private void discardDraft() {
        grid.getEditor().closeEditor();
        draft.discard();
        addedRows.clear();
        draftSettled();
        load();
        notify("Discarded your unsaved changes.", NotificationVariant.INFO);
    }

    private void openSave() {
        grid.getEditor().closeEditor();
        List<Problem> problems = draft.problems(table.schema());
        if (!problems.isEmpty()) {
            if (!onlyProblems.getValue()) {
                problemsShownForSave = true;
                onlyProblems.setValue(true);
            }
            closeFixFirst();
            fixFirst = notify("Fix these before saving: " + problems.stream().map(p -> p.subject() + ": " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow(), NotificationVariant.ERROR);
            return;
        }
        EnvName env = draft.env().orElseThrow();
        int size = draft.size();
        String changes = size + (size == 1 ? " change" : " changes") + " to " + env;
        if (proposing()) {
            var dialog = SaveDialog.proposal(changes + " will become a change request for review.");
            dialog.onSave(title -> propose(dialog, title));
            dialog.open();
            return;
        }
        var dialog = new SaveDialog(changes + " will become one commit.");
        dialog.onSave(message -> commit(dialog, message, Set.of()));
        List<SettingsService.CredentialWarning> warnings = settings.credentialWarnings(app, draft.toSet());
        if (!warnings.isEmpty()) {
            Set<SettingKey> keys = new TreeSet<>(warnings.stream().map(w -> new SettingKey(w.key())).toList());
            dialog.warnAboutCredentials(warnings.stream().map(SettingsService.CredentialWarning::message).toList(),
                    message -> commit(dialog, message, keys));
        }
        dialog.open();
    }

    /** Opens the draft as a change request of kind edit, and goes to its review. */
    private void propose(SaveDialog dialog, String title) {
        EnvName env = draft.env().orElseThrow();
        try {
            var review = changes.openEdit(app, env, new TreeMap<>(draft.toSet()), new TreeSet<>(draft.toUnset()), title, "");
            dialog.close();
            draft.discard();
            addedRows.clear();
            draftSettled();
            notify("Proposed as change request #" + review.id() + ".", NotificationVariant.SUCCESS);
            getUI().ifPresent(ui -> ui.navigate("change-requests/" + review.id()));
        } catch (ValidationException e) {
            List<Problem> aboutTitle = e.problems().stream().filter(p -> p.subject().equals("title")).toList();
            if (!aboutTitle.isEmpty()) {
                dialog.showProblem(aboutTitle.getFirst().message());
            } else {
                dialog.close();
                notify("Not proposed: " + e.getMessage(), NotificationVariant.ERROR);
            }
        } catch (AccessDeniedException | NotFoundException e) {
            dialog.close();
            notify("Not proposed: " + e.getMessage(), NotificationVariant.ERROR);
        }
    }

    /**
     * Makes the draft one commit, marking {@code markSecret} secret in it when not empty; a conflict
     * is settled key by key and then the rest is tried again.
     */
    private void commit(SaveDialog dialog, String message, Set<SettingKey> markSecret) {
        EnvName env = draft.env().orElseThrow();
        int size = draft.size();
        try {
            CommitResult result;
            if (markSecret.isEmpty()) {
                result = settings.change(app, env, draft.base(), message, new TreeMap<>(draft.toSet()),
                        new TreeSet<>(draft.toUnset()));
            } else {
                SchemaService.SchemaSaved saved = schemas.markSecretAndChange(app, env, draft.base(), message,
                        new TreeMap<>(draft.toSet()), new TreeSet<>(draft.toUnset()), markSecret);
                result = new CommitResult(saved.revision(), false, new TreeSet<>());
                notify("Marked " + joined(markSecret) + " secret.", NotificationVariant.SUCCESS);
                if (saved.warning() != null) {
                    SchemaDialog.remindOfHistory(saved.warning());
                }
            }
            dialog.close();
            draft.discard();
            addedRows.clear();
            draftSettled();
            load();
            notify("Saved " + size + (size == 1 ? " change" : " changes") + " to " + env + " as "
                    + result.revision().abbreviated() + ".", NotificationVariant.SUCCESS);
            if (result.rebased()) {
                notify(result.changedByOthers().isEmpty()
                        ? "Someone else committed meanwhile; your changes were applied on top of theirs."
                        : "Meanwhile someone else changed " + joined(result.changedByOthers()) + " in " + env
                                + "; your changes were applied on top, and the page shows theirs too.",
                        NotificationVariant.INFO);
            }
        } catch (ConflictException e) {
            dialog.close();
            new ConflictDialog(env.value(), e.conflicts(), table.schema(), keepTheirs -> {
                draft.resolve(e.current(), keepTheirs);
                keepTheirs.forEach(addedRows::remove);
                load();
                if (draft.isEmpty()) {
                    notify("You kept their values; nothing is left to save.", NotificationVariant.INFO);
                } else {
                    commit(dialog, message, markSecret);
                }
            }).open();
        } catch (ValidationException e) {
            List<Problem> aboutMessage = e.problems().stream().filter(p -> p.subject().equals("message")).toList();
            if (!aboutMessage.isEmpty()) {
                dialog.showProblem(aboutMessage.getFirst().message());
            } else {
                dialog.close();
                notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
            }
        } catch (AccessDeniedException | NotFoundException e) {
            dialog.close();
            notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
        } catch (RemoteUnavailableException e) {
            // the draft stays, to be saved again once the remote is back
            dialog.close();
            notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
        }
    }

    private static String joined(Set<SettingKey> keys) {
        return String.join(", ", keys.stream().map(SettingKey::value).toList());
    }

    /**
     * Once the draft is saved or discarded, the keys it had problems with no longer need singling
     * out: the person's own filter comes back and the call to fix them goes.
     */
    private void draftSettled() {
        closeFixFirst();
        if (problemsShownForSave) {
            problemsShownForSave = false;
            onlyProblems.setValue(false);
        }
    }

    private void closeFixFirst() {
        if (fixFirst != null) {
            fixFirst.close();
            fixFirst = null;
        }
    }

    private static Notification notify(String text, NotificationVariant variant) {
        var notification = Notification.show(text, 5000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
        return notification;
    }
}
