package dev.strata.history.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.config.AppName;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import dev.strata.editing.ui.ApplicationView;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.PastSettings;
import dev.strata.history.PastSettings.PastRow;
import dev.strata.history.PastSettings.PastState;
import dev.strata.ui.EmptyState;
import dev.strata.ui.ShownValue;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;

/**
 * An application's settings as they were at a past commit or at the end of a past day, read-only:
 * {@code apps/<app>/at/<commit id or yyyy-mm-dd>}, so a past state can be bookmarked and shared.
 */
@Route("apps/:app/at/:when")
@PermitAll
public class PastSettingsView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final PastSettings pastSettings;
    final Div banner = new Div();
    final Grid<PastRow> grid = new Grid<>();
    private String title = "History";

    PastSettingsView(PastSettings pastSettings) {
        this.pastSettings = pastSettings;
        addClassName("past-settings-view");
        setSizeFull();
        banner.addClassName("past-banner");
        grid.addClassName("settings-grid");
        grid.addThemeVariants(GridVariant.COLUMN_BORDERS, GridVariant.WRAP_CELL_CONTENT);
    }

    @Override
    public String getPageTitle() {
        return title + " · Strata";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get("app").orElse("");
        String when = event.getRouteParameters().get("when").orElse("");
        removeAll();
        PastState state;
        try {
            state = pastSettings.at(new AppName(name), when);
        } catch (ValidationException | NotFoundException e) {
            title = "No such past state";
            add(new EmptyState(
                    VaadinIcon.TIME_BACKWARD,
                    "There is no such past state",
                    CompareView.reason(e) + ". Pick a commit on the History page, or give a date such as 2026-11-20.",
                    new RouterLink("Open the History page", HistoryView.class)));
            return;
        }
        title = state.app() + " at " + state.commit().revision().abbreviated();
        show(state);
    }

    /** A value as it was, named after the shared set it came from when inherited, as on the application page. */
    static String shown(PastRow row, String env, PastState state) {
        String value = ShownValue.of(row.values().get(env), state.defaults().get(row.key()));
        String source = row.sources().get(env);
        return source != null && source.startsWith("shared:") && row.values().get(env) != null
                ? value + " (from " + source.substring("shared:".length()) + ")"
                : value;
    }

    private void show(PastState state) {
        Commit commit = state.commit();
        var now = new RouterLink("Back to now", ApplicationView.class, new RouteParameters("app", state.app()));
        var filters = new LinkedHashMap<String, String>();
        filters.put("app", state.app());
        filters.put("from", commit.revision().id());
        var compare = new RouterLink("Compare with now", CompareView.class);
        compare.setQueryParameters(QueryParameters.simple(filters));
        banner.removeAll();
        banner.add(
                VaadinIcon.TIME_BACKWARD.create(),
                new Span("A past state, read-only: " + state.app() + " as it was after "
                        + commit.revision().abbreviated() + " by " + commit.author() + " on "
                        + ABSOLUTE.format(commit.time()) + ", \""
                        + commit.message().lines().findFirst().orElse("") + "\"."),
                now,
                compare);

        grid.removeAllColumns();
        grid.addColumn(PastRow::key)
                .setHeader("Key")
                .setFrozen(true)
                .setWidth("13rem")
                .setFlexGrow(0)
                .setResizable(true);
        for (String env : state.environments()) {
            grid.addColumn(row -> shown(row, env, state))
                    .setHeader(env)
                    .setKey(env)
                    .setResizable(true);
        }
        grid.setItems(state.rows());
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.LIST,
                "No settings then",
                "At this commit the application had no keys in its schema and no settings."));
        var heading = new H2(state.app());
        var header = new FlexLayout(heading);
        header.addClassName("application-header");
        add(header, banner, grid);
    }
}
