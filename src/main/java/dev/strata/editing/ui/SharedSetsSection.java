package dev.strata.editing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.editing.ApplicationSummary;
import java.util.List;

/**
 * The overview's list of shared sets, apart from the applications: each with the applications that
 * include it, counted, and listed when the count is opened (or hovered).
 */
final class SharedSetsSection extends Div {

    final Grid<ApplicationSummary> grid = new Grid<>();

    SharedSetsSection(List<ApplicationSummary> sets) {
        addClassName("shared-sets");
        var title = new H3("Shared sets");
        var about = new Span(
                "Values many applications take in with includes in their schema; an application's own value overrides them.");
        about.addClassName("shared-sets-about");
        grid.addClassName("shared-sets-grid");
        grid.addThemeVariants(GridVariant.WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addColumn(new ComponentRenderer<>(SharedSetsSection::link))
                .setHeader("Shared set")
                .setKey("name")
                .setFlexGrow(0)
                .setAutoWidth(true);
        grid.addColumn(ApplicationSummary::description)
                .setHeader("Description")
                .setKey("description")
                .setFlexGrow(1);
        grid.addColumn(set -> String.join(", ", set.owners()))
                .setHeader("Owners")
                .setKey("owners")
                .setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(SharedSetsSection::usedBy))
                .setHeader("Used by")
                .setKey("used-by")
                .setAutoWidth(true)
                .setTooltipGenerator(set -> set.usedBy().isEmpty() ? null : String.join(", ", set.usedBy()));
        grid.setItems(sets);
        add(title, about, grid);
    }

    static String usedByText(ApplicationSummary set) {
        int count = set.usedBy().size();
        return count == 0
                ? "used by no application"
                : "used by " + count + (count == 1 ? " application" : " applications");
    }

    private static Component usedBy(ApplicationSummary set) {
        if (set.usedBy().isEmpty()) {
            return new Span(usedByText(set));
        }
        var list = new Div();
        set.usedBy().forEach(app -> list.add(new Div(link(app))));
        var details = new Details(usedByText(set), list);
        details.addClassName("used-by");
        return details;
    }

    private static RouterLink link(ApplicationSummary set) {
        return link(set.name());
    }

    private static RouterLink link(String app) {
        var link = new RouterLink(app, ApplicationView.class, new RouteParameters("app", app));
        link.addClassName("app-link");
        return link;
    }
}
