package dev.strata.editing.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.config.ValidationException;
import dev.strata.editing.ApplicationsService;
import dev.strata.editing.ApplicationsService.SearchResult;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * Finds keys and values across all applications and environments; each result opens its key.
 * {@code search?q=} is bookmarkable.
 */
@Route("search")
@PageTitle("Search · Strata")
@Menu(order = 0.5, title = "Search", icon = "vaadin:search")
@PermitAll
public class SearchView extends VerticalLayout implements BeforeEnterObserver {

    private final ApplicationsService applications;
    final TextField query = new TextField();
    final Paragraph summary = new Paragraph();
    final Grid<SearchResult> results = new Grid<>();

    SearchView(ApplicationsService applications) {
        this.applications = applications;
        addClassName("search-view");
        setSizeFull();
        query.setPlaceholder("Key or value, e.g. DATABASE_URL or db.prod");
        query.setPrefixComponent(VaadinIcon.SEARCH.create());
        query.setAriaLabel("Search keys and values");
        query.setClearButtonVisible(true);
        query.setValueChangeMode(ValueChangeMode.LAZY);
        query.setMaxLength(ApplicationsService.MAX_SEARCH_LENGTH);
        query.setWidth("min(32rem, 100%)");
        query.addValueChangeListener(change -> search());
        summary.addClassName("search-summary");

        results.addClassName("search-results");
        results.addColumn(new ComponentRenderer<>(SearchView::link))
                .setHeader("Key")
                .setKey("key")
                .setAutoWidth(true);
        results.addColumn(SearchResult::app)
                .setHeader("Application")
                .setKey("app")
                .setAutoWidth(true);
        results.addColumn(SearchResult::env)
                .setHeader("Environment")
                .setKey("env")
                .setAutoWidth(true);
        results.addColumn(SearchResult::value)
                .setHeader("Value")
                .setKey("value")
                .setFlexGrow(1)
                .setPartNameGenerator(result -> "value");
        results.setEmptyStateText("Type a key or a value to search every application and environment.");
        add(new H2("Search"), query, summary, results);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("q").ifPresent(query::setValue);
    }

    private void search() {
        ApplicationsService.SearchResults found;
        try {
            found = applications.search(query.getValue());
        } catch (ValidationException e) {
            results.setItems(List.of());
            summary.setText("Nothing was searched: " + e.problems().getFirst().message() + ".");
            return;
        }
        results.setItems(found.results());
        if (query.getValue().isBlank()) {
            summary.setText("Secret values are never searched.");
        } else if (found.results().isEmpty()) {
            summary.setText("Nothing matches “" + query.getValue().strip() + "”. Secret values are never searched.");
        } else {
            summary.setText((found.truncated() ? "The first " : "")
                    + found.results().size()
                    + (found.results().size() == 1 ? " match" : " matches")
                    + (found.truncated() ? "; narrow the search to see the rest." : "."));
        }
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null,
                        new Location(
                                "search",
                                query.getValue().isBlank()
                                        ? QueryParameters.empty()
                                        : QueryParameters.of("q", query.getValue()))));
    }

    private static RouterLink link(SearchResult result) {
        var link = new RouterLink(result.key(), ApplicationView.class, new RouteParameters("app", result.app()));
        link.setQueryParameters(QueryParameters.of("key", result.key()));
        link.addClassName("search-key");
        return link;
    }
}
