package dev.strata.editing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.BeforeLeaveEvent;
import com.vaadin.flow.router.BeforeLeaveObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.strata.changes.ChangeRequestService;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.Draft;
import dev.strata.editing.ResolvedSettings;
import dev.strata.editing.SchemaService;
import dev.strata.editing.SettingsService;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTable.Cell;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.editing.SettingsTable.Row;
import dev.strata.editing.SettingsTransfer;
import dev.strata.instances.ui.InstancesPanel;
import dev.strata.rollouts.ui.RolloutPanel;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One application in every environment side by side, and editing it: changes collect in a draft
 * and become one commit with a message. {@code apps/<app>?key=<key>} opens it at a key. The page
 * lays out and wires its parts: the grid and its filters ({@link SettingsGrid}), the side panel of
 * the selected key ({@link KeyDetails}), the draft ({@link DraftControls}) and how it is saved
 * ({@link SaveFlow}), the notes and the promotions.
 */
@Route("apps/:app")
@PermitAll
public class ApplicationView extends VerticalLayout
        implements BeforeEnterObserver, BeforeLeaveObserver, HasDynamicTitle {

    private final SettingsService settings;
    private final SchemaService schemas;
    private final OpenApplication open = new OpenApplication();
    private final SettingsGrid settingsGrid;
    private final DraftControls draftControls;
    private final SaveFlow saveFlow;
    final InstancesPanel instances;

    final Draft draft = open.draft;
    final H2 title = new H2();
    final Paragraph about = new Paragraph();
    final Button addKey = new Button("Add key", VaadinIcon.PLUS.create());
    final Button download = new Button("Download…", VaadinIcon.DOWNLOAD.create());
    final Button importSettings = new Button("Import…", VaadinIcon.UPLOAD.create());
    final Button editSchema = new Button("Schema…", VaadinIcon.COG_O.create());
    final ApplicationNotices notices = new ApplicationNotices();
    final Promotions promotions;
    final KeyDetails keyDetails;
    /** Panels about the application as a whole, shown between the notices and the grid. */
    final Div panels = new Div();
    // The parts' own fields, by the names the page's tests drive them with
    final Grid<Row> grid;
    final TextField filter;
    final Checkbox onlyDifferences;
    final Checkbox onlyProblems;
    final Map<EnvName, CellEditor> editors;
    final Map<EnvName, Div> problemLines;
    final Badge draftCount;
    final Button save;
    final Button discard;
    final Details draftPanel;
    final Div pendingList;

    ApplicationView(
            SettingsService settings,
            SettingsTransfer transfer,
            ChangeRequestService changes,
            SchemaService schemas,
            ResolvedSettings resolved,
            InstancesPanel instances) {
        this.settings = settings;
        this.instances = instances;
        this.schemas = schemas;
        addClassName("application-view");
        setSizeFull();
        draftControls = new DraftControls(open);
        keyDetails = new KeyDetails(settings, open, this::edit, draftControls::refresh);
        settingsGrid = new SettingsGrid(open, keyDetails::show, (row, env, problem) -> {
            draftControls.refresh();
            keyDetails.showProblem(row, env, problem);
        });
        saveFlow = new SaveFlow(
                settings,
                changes,
                schemas,
                resolved,
                open,
                settingsGrid.onlyProblems,
                settingsGrid::closeEditor,
                this::load);
        promotions = new Promotions(changes, resolved);
        grid = settingsGrid.grid;
        filter = settingsGrid.filter;
        onlyDifferences = settingsGrid.onlyDifferences;
        onlyProblems = settingsGrid.onlyProblems;
        editors = settingsGrid.editors;
        problemLines = keyDetails.problemLines;
        draftCount = draftControls.draftCount;
        save = draftControls.save;
        discard = draftControls.discard;
        draftPanel = draftControls.panel;
        pendingList = draftControls.pendingList;

        addKey.addClickListener(click -> openAddKey());
        download.addThemeVariants(ButtonVariant.TERTIARY);
        download.addClickListener(click -> new ExportDialog(transfer, open.app, open.table).open());
        importSettings.addThemeVariants(ButtonVariant.TERTIARY);
        importSettings.addClickListener(
                click -> new ImportDialog(settings, transfer, open.app, open.committable(), this::load).open());
        editSchema.addThemeVariants(ButtonVariant.TERTIARY);
        editSchema.addClickListener(click -> new SchemaDialog(schemas, open.app, this::load).open());
        save.addClickListener(click -> saveFlow.save());
        discard.addClickListener(click -> saveFlow.discard());
        panels.addClassName("application-panels");
    }

    @Override
    public void beforeLeave(BeforeLeaveEvent event) {
        if (draft.isEmpty()
                || event.getNavigationTarget() == ApplicationView.class
                        && event.getRouteParameters()
                                .get("app")
                                .equals(Optional.ofNullable(open.app).map(AppName::value))) {
            return;
        }
        var postponed = event.postpone();
        var confirm = new ConfirmDialog(
                "Leave without saving?",
                "You have " + draft.size() + " unsaved " + (draft.size() == 1 ? "change" : "changes") + " to "
                        + draft.env().orElseThrow() + ". Leaving discards them.",
                "Discard and leave",
                confirmed -> {
                    open.forgetDraft();
                    postponed.proceed();
                });
        confirm.setCancelable(true);
        confirm.setCancelText("Stay");
        confirm.setConfirmButtonTheme(
                ButtonVariant.PRIMARY.getVariantName() + " " + ButtonVariant.ERROR.getVariantName());
        confirm.open();
    }

    @Override
    public String getPageTitle() {
        return (open.app == null ? "Application" : open.app.value()) + " · Strata";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get("app").orElse("");
        try {
            AppName requested = new AppName(name);
            if (!requested.equals(open.app)) {
                // The router reuses this view for another application: nothing of the previous one may carry over
                open.forgetDraft();
                grid.deselectAll();
                filter.clear();
                saveFlow.settled();
            }
            open.app = requested;
            load();
        } catch (ValidationException | NotFoundException e) {
            open.app = null;
            removeAll();
            add(new EmptyState(
                    VaadinIcon.QUESTION_CIRCLE,
                    "There is no such application",
                    "The address names an application that does not exist. Pick one from the overview.",
                    new RouterLink("Back to the overview", OverviewView.class)));
            return;
        }
        event.getLocation()
                .getQueryParameters()
                .getSingleParameter("key")
                .ifPresent(key -> open.rows().stream()
                        .filter(row -> row.key().value().equals(key))
                        .findFirst()
                        .ifPresent(row -> {
                            grid.select(row);
                            grid.scrollToItem(row);
                        }));
    }

    /** Reads the application afresh; the draft (and its base revision) is kept. */
    private void load() {
        Optional<SettingKey> selected =
                grid.getSelectedItems().stream().findFirst().map(Row::key);
        SettingsTable table = settings.table(open.app);
        open.table = table;
        keyDetails.tableRead();
        removeAll();
        title.setText(open.app.value());
        about.setText(describe(table));
        about.addClassName("application-about");

        promotions.show(open.app, table);
        var tools = new FlexLayout(
                filter, onlyDifferences, onlyProblems, addKey, importSettings, download, editSchema, promotions);
        tools.addClassName("toolbar");
        var actions = new FlexLayout(draftCount, discard, save);
        actions.addClassName("draft-actions");
        var header = new FlexLayout(new Div(title, about), actions);
        header.addClassName("application-header");
        boolean editable = open.editable();
        addKey.setVisible(editable);
        importSettings.setVisible(!open.committable().isEmpty());
        editSchema.setVisible(schemas.mayEdit(open.app));
        actions.setVisible(editable);
        notices.show(table);
        settingsGrid.show();
        var body = new FlexLayout(grid, keyDetails);
        body.addClassName("application-body");
        panels.removeAll();
        panels.add(RolloutPanel.of(open.app), instances);
        instances.show(open.app, table.columns().stream().map(Column::env).toList());
        // an empty slot would still take the layout's gap
        panels.setVisible(panels.getChildren().anyMatch(Component::isVisible));
        add(header, tools, notices, panels, draftPanel, body);
        draftControls.refresh();
        // The rows are new objects: select the same key again so that its details show the new values
        selected.flatMap(key -> open.rows().stream()
                        .filter(row -> row.key().equals(key))
                        .findFirst())
                .ifPresentOrElse(grid::select, () -> keyDetails.show(null));
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

    /** Opens the inline editor on {@code row}, with a field fitting its type in each environment the person may edit. */
    void edit(Row row) {
        settingsGrid.edit(row);
    }

    private void openAddKey() {
        List<EnvName> environments = open.table.columns().stream()
                .filter(Column::editable)
                .map(Column::env)
                .filter(draft::accepts)
                .toList();
        if (environments.isEmpty()) {
            OpenApplication.notify(open.editableReason(), NotificationVariant.WARNING);
            return;
        }
        new AddKeyDialog(open.table, environments, this::addKey).open();
    }

    void addKey(EnvName env, SettingKey key, String value) {
        draft.set(env, open.table.revision(), key, value, null);
        Row row = open.table.row(key).orElseGet(() -> {
            Row added = new Row(
                    key,
                    KeySpec.UNDECLARED,
                    false,
                    open.table.columns().stream()
                            .map(c -> new Cell(c.env(), null, null, false, null))
                            .toList());
            open.addedRows.put(key, added);
            open.items.getItems().add(added);
            open.items.refreshAll();
            return added;
        });
        open.items.refreshItem(row);
        draftControls.refresh();
        grid.select(row);
        if (open.items.getFilter() == null || open.items.getFilter().test(row)) {
            // a row the filters hide cannot be scrolled to
            grid.scrollToItem(row);
        }
    }
}
