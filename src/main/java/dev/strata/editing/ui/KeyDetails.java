package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.config.EnvName;
import dev.strata.config.LastChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.SettingKey;
import dev.strata.editing.Draft;
import dev.strata.editing.SettingsService;
import dev.strata.editing.SettingsTable.Cell;
import dev.strata.editing.SettingsTable.Column;
import dev.strata.editing.SettingsTable.Row;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.access.AccessDeniedException;

/**
 * The side panel of one key: its schema and its value in each environment, with what may be done
 * there (reveal, timeline, remove) and who changed it last. It puts the key in the page's address.
 */
final class KeyDetails extends Div {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** The line for each environment's problem, of the key shown. */
    final Map<EnvName, Div> problemLines = new HashMap<>();

    private final SettingsService settings;
    private final OpenApplication open;
    private final Consumer<Row> edit;
    private final Runnable draftChanged;
    /** Who last changed each key, per environment: read once per page load, when a key there is first shown. */
    private final Map<EnvName, Map<SettingKey, LastChange>> lastChanges = new HashMap<>();

    private Row shownKey;

    KeyDetails(SettingsService settings, OpenApplication open, Consumer<Row> edit, Runnable draftChanged) {
        this.settings = settings;
        this.open = open;
        this.edit = edit;
        this.draftChanged = draftChanged;
        addClassName("key-details");
        setVisible(false);
    }

    /** The table was read afresh: who changed what is read again too. */
    void tableRead() {
        lastChanges.clear();
    }

    /** Shows the schema of a key and its values per environment, with the actions that fit, and puts it in the URL. */
    void show(Row row) {
        removeAll();
        problemLines.clear();
        shownKey = row;
        setVisible(row != null);
        if (row == null) {
            return;
        }
        var heading = new H3(row.key().value());
        heading.addClassName("key-name");
        var schema = new Div();
        schema.addClassName("key-schema");
        SettingsGrid.schemaText(row).lines().forEach(line -> schema.add(new Div(line)));
        add(heading, schema);
        for (Column column : open.table.columns()) {
            add(environmentLine(row, column));
        }
        var editButton = new Button("Edit", VaadinIcon.EDIT.create(), click -> edit.accept(row));
        editButton.setVisible(open.editable());
        add(editButton);
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null,
                        new Location(
                                "apps/" + open.app.value(),
                                QueryParameters.of("key", row.key().value()))));
    }

    private Div environmentLine(Row row, Column column) {
        EnvName env = column.env();
        var name = new Span(env.value());
        name.addClassName("env-name");
        var value = new Span(open.cellText(row, env));
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
        String pendingProblem = open.pendingProblem(row, env);
        showProblem(row, env, pendingProblem != null ? pendingProblem : cell.problem());
        line.add(problem);
        var timeline = new Button("Timeline", VaadinIcon.TIME_BACKWARD.create(), click -> openTimeline(row.key(), env));
        timeline.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        timeline.setAriaLabel("Timeline of " + row.key() + " in " + env);
        timeline.setTooltipText("Every value " + row.key() + " had in " + env + ", who set it, when and why");
        line.add(timeline);
        if (cell.inherited() != null) {
            var source = new Div(
                    cell.isSet()
                            ? "overrides " + cell.inheritedFrom() + "'s " + cell.inherited()
                            : "inherited from the shared set " + cell.inheritedFrom());
            source.addClassName("env-source");
            line.add(source);
        }
        if (column.editable()
                && open.draft.accepts(env)
                && cell.isSet()
                && !open.pendingChange(row.key(), env)
                        .map(Draft.Change::removes)
                        .orElse(false)) {
            boolean overrides = cell.inherited() != null;
            var remove = new Button(overrides ? "Remove override" : "Remove", VaadinIcon.TRASH.create());
            remove.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
            remove.setAriaLabel((overrides ? "Remove the override of " : "Remove ") + row.key() + " from " + env);
            if (overrides) {
                remove.setTooltipText("Back to " + OpenApplication.inheritedText(cell));
            }
            remove.addClickListener(click -> {
                open.draft.unset(env, open.table.revision(), row.key(), true);
                draftChanged.run();
                open.items.refreshItem(row);
                show(row);
            });
            line.add(remove);
        }
        if (cell.isSet() && column.error() == null) {
            LastChange last = lastChanges
                    .computeIfAbsent(env, e -> settings.lastChanges(open.app, e))
                    .get(row.key());
            if (last != null) {
                var blame = new Div("last changed by " + last.author().name() + " on " + DAY.format(last.time()));
                blame.addClassName("env-blame");
                blame.setTitle(last.revision().abbreviated() + " · " + last.subject());
                line.add(blame);
            }
        }
        return line;
    }

    /** Shows what is wrong with the value of {@code row} in {@code env}, visible without hovering, when that key is shown. */
    void showProblem(Row row, EnvName env, String problem) {
        Div line = problemLines.get(env);
        if (line != null && shownKey != null && shownKey.key().equals(row.key())) {
            line.setText(problem);
            line.setVisible(problem != null);
        }
    }

    /** The History page filtered to one key in one environment; leaving asks first when the draft holds changes. */
    private void openTimeline(SettingKey key, EnvName env) {
        var filters = new LinkedHashMap<String, String>();
        filters.put("app", open.app.value());
        filters.put("env", env.value());
        filters.put("key", key.value());
        getUI().ifPresent(ui -> ui.navigate("history", QueryParameters.simple(filters)));
    }

    private void reveal(SettingKey key, EnvName env, Span value, Button reveal) {
        try {
            value.setText(settings.reveal(open.app, env, key));
            reveal.setText("Hide");
            reveal.setIcon(VaadinIcon.EYE_SLASH.create());
        } catch (AccessDeniedException | NotFoundException e) {
            OpenApplication.notify(e.getMessage(), NotificationVariant.ERROR);
        }
    }
}
