package dev.strata.history.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.HistoryRewrite;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.history.HistoryExport;
import dev.strata.history.HistoryFeed;
import dev.strata.history.HistoryService;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.Reverts;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who changed what, when and why: every commit, newest first, with filters that live in the URL
 * (so a filtered history can be bookmarked and shared) and each commit's key diff on a click.
 */
@Route("history")
@PageTitle("History · Strata")
@Menu(order = 2, title = "History", icon = "vaadin:time-backward")
@PermitAll
public class HistoryView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    final TextField app = filter("Application", "payments");
    final TextField env = filter("Environment", "dev");
    final TextField key = filter("Key", "server.port");
    final TextField author = filter("Author", "name or e-mail");
    final DatePicker since = new DatePicker("Since");
    final DatePicker until = new DatePicker("Until");
    final Grid<Commit> grid = new Grid<>(Commit.class, false);
    final Div empty = new Div();
    final Div rewrites = new Div();
    /** Shown when the history is filtered to one key: the timeline of its values. */
    final Grid.Column<Commit> value;

    /** What a row shows when opened: the commit's diff, links and revert. */
    final CommitDetails commitDetails;

    private final HistoryService history;
    private boolean applying;
    /** The filters of what the grid shows, for the exports; replaced whole, read by download requests. */
    private volatile HistoryQuery shown = HistoryQuery.latest(1);

    HistoryView(HistoryService history, Reverts reverts, JsonMapper json) {
        this.history = history;
        this.commitDetails = new CommitDetails(reverts, this::load);
        addClassName("history-view");
        setSizeFull();

        since.setClearButtonVisible(true);
        until.setClearButtonVisible(true);
        since.addValueChangeListener(e -> filtersChanged());
        until.addValueChangeListener(e -> filtersChanged());
        var csv = new Anchor(download("csv", (query, out) -> HistoryExport.csv(history, query, out)), "Export CSV");
        var jsonExport = new Anchor(
                download("json", (query, out) -> HistoryExport.json(history, query, json, out)), "Export JSON");
        var exports = new Div(csv, jsonExport);
        exports.addClassName("history-exports");
        var filters = new FlexLayout(app, env, key, author, since, until, exports);
        filters.addClassName("history-filters");
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);

        grid.addColumn(commit -> relative(commit.time()))
                .setHeader("When")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setTooltipGenerator(commit -> ABSOLUTE.format(commit.time()));
        grid.addColumn(Commit::author).setHeader("Author").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(commit -> commit.message().lines().findFirst().orElse(""))
                .setHeader("Message")
                .setFlexGrow(1);
        grid.addColumn(HistoryView::where)
                .setHeader("Application / environment")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(commit -> commit.changeRequest() == null ? "" : "#" + commit.changeRequest())
                .setHeader("Review")
                .setKey("review")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(commit -> commit.changes().size())
                .setHeader("Keys")
                .setAutoWidth(true)
                .setFlexGrow(0);
        value = grid.addColumn(HistoryView::values)
                .setHeader("Value")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(commitDetails::of));
        grid.setDetailsVisibleOnClick(true);
        grid.setSizeFull();
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.TIME_BACKWARD,
                "No commits match",
                "Loosen a filter: an application or key that never changed has no history."));

        rewrites.addClassName("history-rewrites");
        add(new H2("History"), rewrites, filters, grid);
    }

    private TextField filter(String label, String placeholder) {
        var field = new TextField(label);
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.addValueChangeListener(e -> filtersChanged());
        return field;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters =
                event.getLocation().getQueryParameters().getParameters();
        applying = true;
        app.setValue(first(parameters, "app"));
        env.setValue(first(parameters, "env"));
        key.setValue(first(parameters, "key"));
        author.setValue(first(parameters, "author"));
        since.setValue(date(first(parameters, "since")));
        until.setValue(date(first(parameters, "until")));
        applying = false;
        showRewrites();
        load();
    }

    /** A rewrite loses audit trail, so it is shown above everything until an admin deletes its record. */
    private void showRewrites() {
        rewrites.removeAll();
        for (HistoryRewrite rewrite : history.rewrites()) {
            rewrites.add(new Div(
                    VaadinIcon.WARNING.create(),
                    new Span("The history was rewritten outside Strata: on "
                            + ABSOLUTE.format(rewrite.detected()) + " main moved from "
                            + rewrite.lastSeen().abbreviated() + " to "
                            + rewrite.newHead().abbreviated()
                            + ", which does not contain it, so commits Strata had recorded"
                            + " are no longer in the history. They are kept as refs/strata/rewritten/"
                            + rewrite.detected().getEpochSecond() + "-"
                            + rewrite.newHead().id() + " in config.git.")));
        }
        rewrites.setVisible(rewrites.getComponentCount() > 0);
    }

    private void filtersChanged() {
        if (applying) {
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "app", app.getValue());
        put(parameters, "env", env.getValue());
        put(parameters, "key", key.getValue());
        put(parameters, "author", author.getValue());
        put(
                parameters,
                "since",
                since.getValue() == null ? "" : since.getValue().toString());
        put(
                parameters,
                "until",
                until.getValue() == null ? "" : until.getValue().toString());
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null, "history?" + QueryParameters.simple(parameters).getQueryString()));
        load();
    }

    private void load() {
        HistoryQuery query;
        try {
            clearErrors();
            query = new HistoryQuery(
                    app.isEmpty() ? null : new AppName(app.getValue().strip()),
                    env.isEmpty() ? null : new EnvName(env.getValue().strip()),
                    key.isEmpty() ? null : new SettingKey(key.getValue().strip()),
                    author.getValue(),
                    since.getValue() == null
                            ? null
                            : since.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                    until.getValue() == null
                            ? null
                            : until.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    1,
                    null);
        } catch (ValidationException e) {
            showError(e);
            grid.setItems(List.of());
            return;
        }
        if (since.getValue() != null
                && until.getValue() != null
                && until.getValue().isBefore(since.getValue())) {
            until.setInvalid(true);
            until.setErrorMessage("Until is before since");
            grid.setItems(List.of());
            return;
        }
        shown = query;
        value.setVisible(query.key() != null);
        var feed = new HistoryFeed(history, HistoryFeed.firstPage(query));
        grid.setItems(q -> feed.fetch(q.getOffset(), q.getLimit()));
    }

    private DownloadHandler download(
            String format, java.util.function.BiConsumer<HistoryQuery, java.io.Writer> export) {
        return event -> {
            event.setFileName("strata-history." + format);
            event.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : "application/json");
            var out = new java.io.BufferedWriter(
                    new java.io.OutputStreamWriter(event.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8));
            export.accept(shown, out);
        };
    }

    private void showError(ValidationException e) {
        String message =
                e.problems().isEmpty() ? e.getMessage() : e.problems().get(0).message();
        TextField field =
                switch (e.problems().isEmpty() ? "" : e.problems().get(0).subject()) {
                    case "environment" -> env;
                    case "key" -> key;
                    default -> message.contains("environment") ? env : message.contains("key") ? key : app;
                };
        field.setInvalid(true);
        field.setErrorMessage(message);
    }

    private void clearErrors() {
        for (TextField field : List.of(app, env, key, author)) {
            field.setInvalid(false);
        }
        until.setInvalid(false);
    }

    /** What a commit did to the key the history is filtered to; a secret's values are not shown. */
    static String values(Commit commit) {
        return commit.changes().stream()
                .map(change -> CompareView.before(change, null) + " → " + CompareView.after(change, null))
                .distinct()
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }

    static String where(Commit commit) {
        return commit.changes().stream()
                .map(c -> c.app() + " / " + c.env())
                .distinct()
                .reduce((a, b) -> a + ", " + b)
                .orElse(String.join(", ", commit.otherPaths()));
    }

    static String relative(Instant time) {
        Duration ago = Duration.between(time, Instant.now());
        if (ago.toMinutes() < 1) {
            return "just now";
        }
        if (ago.toHours() < 1) {
            return ago.toMinutes() + " min ago";
        }
        if (ago.toDays() < 1) {
            return ago.toHours() + " h ago";
        }
        return ago.toDays() < 30
                ? ago.toDays() + " days ago"
                : ABSOLUTE.format(time).substring(0, 10);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static LocalDate date(String text) {
        try {
            return text.isEmpty() ? null : LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value.strip());
        }
    }
}
