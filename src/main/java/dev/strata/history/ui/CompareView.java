package dev.strata.history.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.strata.config.AppName;
import dev.strata.config.KeyChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.ValidationException;
import dev.strata.history.HistoryService.Change;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.PastSettings;
import dev.strata.ui.EmptyState;
import dev.strata.ui.ShownValue;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How an application's settings changed between two commits or two days, per environment and key:
 * {@code history/compare?app=<app>&from=<commit id or date>&to=<commit id or date>}; without
 * {@code to}, up to now. The two ends are picked from the application's recent commits or as days;
 * a commit id may be abbreviated, as every page shows it.
 */
@Route("history/compare")
@PageTitle("Compare · Strata")
@PermitAll
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    /** How many of the application's newest commits the pickers offer. */
    static final int RECENT = 50;

    final TextField app = new TextField("Application");
    final RevisionPicker from = new RevisionPicker("From", "Pick a commit, or type its id");
    final RevisionPicker to = new RevisionPicker("To", "Now, or pick a commit");
    final Div summary = new Div();
    final Grid<Change> grid = new Grid<>(Change.class, false);

    private final PastSettings pastSettings;
    private boolean applying;
    /** Each key's default at the two ends, masked when secret. */
    private Map<String, String> defaultsBefore = Map.of();

    private Map<String, String> defaultsAfter = Map.of();
    /** The application compared: a change held by another is inherited from that shared set. */
    private String compared = "";

    CompareView(PastSettings pastSettings) {
        this.pastSettings = pastSettings;
        addClassName("compare-view");
        setSizeFull();
        app.setPlaceholder("payments");
        app.setClearButtonVisible(true);
        app.setValueChangeMode(ValueChangeMode.LAZY);
        app.addValueChangeListener(e -> {
            if (!applying) {
                offerCommits();
                remember();
                compare();
            }
        });
        for (RevisionPicker picker : List.of(from, to)) {
            picker.addValueChangeListener(e -> {
                if (!applying) {
                    remember();
                    compare();
                }
            });
        }
        var fields = new FlexLayout(app, from, to);
        fields.addClassName("history-filters");
        fields.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        summary.addClassName("history-commit-id");

        grid.addColumn(Change::env).setHeader("Environment").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Change::key).setHeader("Key").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(change -> change.kind().name().toLowerCase())
                .setHeader("Change")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(change -> before(change, defaultsBefore.get(change.key())))
                .setHeader("Before");
        grid.addColumn(change -> after(change, defaultsAfter.get(change.key()))).setHeader("After");
        grid.addColumn(change -> change.app().equals(compared) ? "own" : "from " + change.app())
                .setHeader("Source")
                .setKey("source")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.SPLIT,
                "Nothing to compare",
                "Name an application and pick where to start (one of its commits, or a day); the settings are then"
                        + " compared up to now, or up to another commit or day."));
        grid.setSizeFull();
        add(new H2("Compare"), fields, summary, grid);
    }

    /** What a key was before a change: a secret's value is never shown, a key not set shows its default. */
    static String before(Change change, String defaultValue) {
        return change.secret()
                ? ShownValue.secret(change.kind() != KeyChange.Kind.ADDED, defaultValue)
                : ShownValue.of(change.before(), defaultValue);
    }

    /** What a key is after a change, as {@link #before} shows it. */
    static String after(Change change, String defaultValue) {
        if (change.secret() && change.kind() == KeyChange.Kind.CHANGED) {
            return ShownValue.CHANGED_SECRET;
        }
        return change.secret()
                ? ShownValue.secret(change.kind() != KeyChange.Kind.REMOVED, defaultValue)
                : ShownValue.of(change.after(), defaultValue);
    }

    /**
     * The application's recent commits, for both pickers; none while the name is not one. Read once for
     * both, and only when a list is opened: walking the history for them took longer than the comparison.
     */
    private void offerCommits() {
        String name = app.getValue().strip();
        Supplier<List<Commit>> recent = new Supplier<>() {
            private @Nullable List<Commit> read;

            @Override
            public List<Commit> get() {
                if (read == null) {
                    read = recent(name);
                }
                return read;
            }
        };
        from.offerCommits(recent);
        to.offerCommits(recent);
    }

    private List<Commit> recent(String name) {
        if (name.isEmpty()) {
            return List.of();
        }
        try {
            return pastSettings.recent(new AppName(name), RECENT);
        } catch (ValidationException e) {
            return List.of(); // the name is flagged when compared
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters =
                event.getLocation().getQueryParameters().getParameters();
        applying = true;
        app.setValue(parameters.getOrDefault("app", List.of("")).getFirst());
        offerCommits();
        from.setValue(parameters.getOrDefault("from", List.of("")).getFirst());
        to.setValue(parameters.getOrDefault("to", List.of("")).getFirst());
        applying = false;
        compare();
    }

    private void remember() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("app", app.getValue());
        fields.put("from", from.getValue());
        fields.put("to", to.getValue());
        Map<String, String> parameters = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!value.isBlank()) {
                parameters.put(name, value.strip());
            }
        });
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null,
                        "history/compare?" + QueryParameters.simple(parameters).getQueryString()));
    }

    private void compare() {
        app.setInvalid(false);
        from.setInvalid(false);
        to.setInvalid(false);
        summary.setText("");
        defaultsBefore = Map.of();
        defaultsAfter = Map.of();
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
        // each end is resolved once: at 100,000 commits resolving one far back costs more than the comparison
        Revision start;
        try {
            start = pastSettings.resolve(from.getValue());
        } catch (ValidationException | NotFoundException e) {
            flag(from, e);
            return;
        }
        try {
            var comparison = pastSettings.compare(name, start, pastSettings.resolve(to.getValue()));
            from.resolvedTo(comparison.from());
            if (!to.isEmpty()) {
                to.resolvedTo(comparison.to());
            }
            compared = name.value();
            defaultsBefore = comparison.defaultsBefore();
            defaultsAfter = comparison.defaultsAfter();
            summary.setText("From " + describe(comparison.from()) + " to " + describe(comparison.to()) + ": "
                    + comparison.changes().size()
                    + (comparison.changes().size() == 1 ? " key changed" : " keys changed"));
            grid.setItems(comparison.changes());
        } catch (ValidationException | NotFoundException e) {
            flag(to, e);
        }
    }

    private static String describe(Commit commit) {
        return commit.revision().abbreviated() + " (" + PastSettingsView.ABSOLUTE.format(commit.time()) + ", "
                + commit.author() + ")";
    }

    private static void flag(HasValidationProperties field, RuntimeException e) {
        field.setInvalid(true);
        field.setErrorMessage(reason(e));
    }

    /** What went wrong, as a sentence for a person: the problem itself, without the field name the API adds. */
    static String reason(RuntimeException e) {
        String message =
                e instanceof ValidationException invalid && !invalid.problems().isEmpty()
                        ? invalid.problems().getFirst().message()
                        : e.getMessage();
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
