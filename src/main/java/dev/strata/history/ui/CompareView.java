package dev.strata.history.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.strata.config.AppName;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import dev.strata.history.HistoryService.Change;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.TimeTravel;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an application's settings changed between two commits or two days, per environment and key:
 * {@code history/compare?app=<app>&from=<commit id or date>&to=<commit id or date>}; without
 * {@code to}, up to now.
 */
@Route("history/compare")
@PageTitle("Compare · Strata")
@PermitAll
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    final TextField app = field("Application", "payments");
    final TextField from = field("From", "commit id or 2026-11-20");
    final TextField to = field("To", "now, a commit id or a date");
    final Div summary = new Div();
    final Grid<Change> grid = new Grid<>(Change.class, false);

    private final TimeTravel timeTravel;
    private boolean applying;

    CompareView(TimeTravel timeTravel) {
        this.timeTravel = timeTravel;
        addClassName("compare-view");
        setSizeFull();
        from.setWidth("24rem");
        to.setWidth("24rem");
        var fields = new FlexLayout(app, from, to);
        fields.addClassName("history-filters");
        fields.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        summary.addClassName("history-commit-id");

        grid.addColumn(Change::env).setHeader("Environment").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Change::key).setHeader("Key").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(change -> change.kind().name().toLowerCase()).setHeader("Change").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(change -> change.secret() ? "(secret)" : change.before() == null ? "—" : change.before()).setHeader("Before");
        grid.addColumn(change -> change.secret() ? "changed" : change.after() == null ? "—" : change.after()).setHeader("After");
        grid.setEmptyStateComponent(new EmptyState(VaadinIcon.SPLIT, "Nothing to compare",
                "Name an application and where to start (a commit id from the History page, or a date); the settings"
                        + " are then compared up to now, or up to another commit or date."));
        grid.setSizeFull();
        add(fields, summary, grid);
    }

    private TextField field(String label, String placeholder) {
        var field = new TextField(label);
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.addValueChangeListener(e -> {
            if (!applying) {
                remember();
                compare();
            }
        });
        return field;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        applying = true;
        app.setValue(parameters.getOrDefault("app", List.of("")).getFirst());
        from.setValue(parameters.getOrDefault("from", List.of("")).getFirst());
        to.setValue(parameters.getOrDefault("to", List.of("")).getFirst());
        applying = false;
        compare();
    }

    private void remember() {
        Map<String, TextField> fields = new LinkedHashMap<>();
        fields.put("app", app);
        fields.put("from", from);
        fields.put("to", to);
        Map<String, String> parameters = new LinkedHashMap<>();
        fields.forEach((name, field) -> {
            if (!field.getValue().isBlank()) {
                parameters.put(name, field.getValue().strip());
            }
        });
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                "history/compare?" + QueryParameters.simple(parameters).getQueryString()));
    }

    private void compare() {
        for (TextField field : List.of(app, from, to)) {
            field.setInvalid(false);
        }
        summary.setText("");
        grid.setItems(List.of());
        if (app.isEmpty() || from.isEmpty()) {
            return;
        }
        AppName name;
        try {
            name = new AppName(app.getValue().strip());
        } catch (ValidationException e) {
            flag(app, e);
            return;
        }
        try {
            timeTravel.resolve(from.getValue());
        } catch (ValidationException | NotFoundException e) {
            flag(from, e);
            return;
        }
        try {
            var comparison = timeTravel.compare(name, from.getValue(), to.getValue());
            summary.setText("From " + describe(comparison.from()) + " to " + describe(comparison.to()) + ": "
                    + comparison.changes().size() + (comparison.changes().size() == 1 ? " key changed" : " keys changed"));
            grid.setItems(comparison.changes());
        } catch (ValidationException | NotFoundException e) {
            flag(to, e);
        }
    }

    private static String describe(Commit commit) {
        return commit.revision().abbreviated() + " (" + PastSettingsView.ABSOLUTE.format(commit.time()) + ", "
                + commit.author() + ")";
    }

    private static void flag(TextField field, RuntimeException e) {
        field.setInvalid(true);
        field.setErrorMessage(reason(e));
    }

    /** What went wrong, as a sentence for a person: the problem itself, without the field name the API adds. */
    static String reason(RuntimeException e) {
        String message = e instanceof ValidationException invalid && !invalid.problems().isEmpty()
                ? invalid.problems().getFirst().message() : e.getMessage();
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
