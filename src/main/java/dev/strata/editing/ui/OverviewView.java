package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.ui.ChangeRequestsView;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.LastChange;
import dev.strata.editing.ApplicationListing;
import dev.strata.editing.ApplicationSummary;
import dev.strata.editing.ApplicationSummary.EnvironmentSummary;
import dev.strata.editing.ApplicationsService;
import dev.strata.instances.InstancesService;
import dev.strata.instances.ui.InstancesPanel;
import dev.strata.ui.EmptyState;
import dev.strata.ui.PipelineStrip;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The start page: every application and how its environments compare. */
@Route("")
@PageTitle("Overview · Strata")
@Menu(order = 0, title = "Overview", icon = "vaadin:dashboard")
@PermitAll
public class OverviewView extends VerticalLayout {

    private final ApplicationsService applications;
    private final ChangeRequestService changes;
    private final InstancesService instances;
    final TextField filter = new TextField();
    /** Only the applications owned by one of the person's teams: the default for someone in a team. */
    final Checkbox myTeams = new Checkbox("My teams' applications");

    private final Set<String> teams;
    final Grid<ApplicationSummary> grid = new Grid<>();
    final Button newApplication;
    /** The applications at the revision the page opened on; rows are summarised as the grid fetches them. */
    private ApplicationListing listing;
    /** The shared sets, listed apart; null when there are none. */
    SharedSetsSection sharedSets;

    OverviewView(ApplicationsService applications, ChangeRequestService changes, InstancesService instances) {
        this.instances = instances;
        this.applications = applications;
        this.changes = changes;
        addClassName("overview-view");
        setSizeFull();

        newApplication = new Button("New application", VaadinIcon.PLUS.create(), click -> openNewApplication());
        newApplication.addThemeVariants(ButtonVariant.PRIMARY);
        newApplication.setVisible(applications.mayCreate());

        filter.setPlaceholder("Filter by name or owner");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setAriaLabel("Filter applications by name or owner");
        filter.addValueChangeListener(change -> grid.getDataProvider().refreshAll());
        teams = applications.myTeams();
        myTeams.setVisible(!teams.isEmpty());
        myTeams.setValue(!teams.isEmpty());
        myTeams.setTooltipText(teams.isEmpty() ? null : "Owned by " + String.join(", ", new TreeSet<>(teams)));
        myTeams.addValueChangeListener(change -> grid.getDataProvider().refreshAll());
        refresh();
    }

    private void refresh() {
        listing = applications.listing();
        removeAll();
        var title = new H2("Applications");
        var searchAll = new RouterLink("Search all keys and values", SearchView.class);
        searchAll.addClassName("search-all");
        var toolbar = new FlexLayout(title, filter, myTeams, searchAll, newApplication);
        toolbar.addClassName("toolbar");
        add(toolbar, new PipelineStrip(applications.pipeline()));
        if (listing.isEmpty()) {
            filter.setVisible(false);
            var createFirst = new Button("Create the first application", click -> openNewApplication());
            createFirst.addThemeVariants(ButtonVariant.PRIMARY);
            createFirst.setVisible(applications.mayCreate());
            add(new EmptyState(
                    VaadinIcon.DASHBOARD,
                    "No applications yet",
                    applications.mayCreate()
                            ? "Create an application and its schema; its settings per environment will be listed here."
                            : "An admin creates applications; their settings per environment will then be listed here.",
                    createFirst));
            newApplication.setVisible(false);
            return;
        }
        filter.setVisible(true);
        newApplication.setVisible(applications.mayCreate());
        configureGrid(listing.environments());
        // filtered, counted and summarised on the server, a page of rows at a time: with a thousand
        // applications, summarising them all up front is what made the page slow.
        // Shared sets are no applications to run: they are listed apart
        grid.setItems(
                query -> query
                        .getSortingComparator()
                        .map(sort -> listing.fetch(filter(), sort, query.getOffset(), query.getLimit()))
                        .orElseGet(() -> listing.fetch(filter(), query.getOffset(), query.getLimit()))
                        .stream(),
                query -> listing.count(filter()));
        add(grid);
        List<ApplicationSummary> sets = listing.sharedSets();
        if (!sets.isEmpty()) {
            sharedSets = new SharedSetsSection(sets);
            add(sharedSets);
        }
    }

    private void configureGrid(List<String> environments) {
        RouteConfiguration routes = RouteConfiguration.forApplicationScope();
        grid.removeAllColumns();
        grid.addClassName("overview-grid");
        grid.addThemeVariants(GridVariant.WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No application matches the filter.");
        // templates rather than components in the cells (a component per cell is a server-side component and
        // a client-side element to attach for each row), and fixed widths rather than auto widths, which the
        // browser measures from the rendered rows and lays out again: the grid was the page's client cost
        grid.addColumn(LitRenderer.<ApplicationSummary>of(
                                "<a class=\"app-link\" href=\"${item.href}\" router-link>${item.name}</a>")
                        .withProperty("name", ApplicationSummary::name)
                        .withProperty(
                                "href",
                                app -> routes.getUrl(ApplicationView.class, new RouteParameters("app", app.name()))))
                .setHeader("Application")
                .setKey("name")
                .setFlexGrow(0)
                .setWidth("9em")
                .setFrozen(true);
        grid.addColumn(ApplicationSummary::description)
                .setHeader("Description")
                .setKey("description")
                .setWidth("8em")
                .setFlexGrow(2);
        grid.addColumn(app -> String.join(", ", app.owners()))
                .setHeader("Owners")
                .setKey("owners")
                .setWidth("8em");
        Map<AppName, Integer> open = changes.openCounts();
        String changeRequests = routes.getUrl(ChangeRequestsView.class);
        grid.addColumn(LitRenderer.<ApplicationSummary>of(
                                "<a href=\"${item.reviews}\" router-link ?hidden=${!item.open}>${item.open} open</a>"
                                        + "<span ?hidden=${item.open}>none open</span>")
                        .withProperty("reviews", app -> changeRequests + "?app=" + app.name())
                        .withProperty("open", app -> open.getOrDefault(new AppName(app.name()), 0)))
                .setHeader("Change requests")
                .setKey("reviews")
                .setWidth("6.5em");
        grid.addColumn(OverviewView::lastChangeText)
                .setHeader("Last change")
                .setKey("last-change")
                .setWidth("9em")
                .setTooltipGenerator(app ->
                        app.lastChange() == null ? null : app.lastChange().subject());
        Map<AppEnv, InstancesService.Fleet> fleets = instances.fleets();
        for (int i = 0; i < environments.size(); i++) {
            int index = i;
            EnvName env = new EnvName(environments.get(i));
            grid.addColumn(app -> summaryText(app.environments().get(index))
                            + InstancesPanel.count(fleets.get(new AppEnv(new AppName(app.name()), env))))
                    .setHeader(environments.get(i))
                    .setKey("env-" + environments.get(i))
                    .setWidth("8em")
                    .setPartNameGenerator(app -> partName(app.environments().get(index)))
                    .setTooltipGenerator(app -> app.environments().get(index).error());
        }
    }

    /** Who changed an application last, and how long ago. */
    static String lastChangeText(ApplicationSummary app) {
        LastChange last = app.lastChange();
        if (last == null) {
            return "over " + ApplicationsService.RECENT_COMMITS + " commits ago";
        }
        return last.author().name() + " · " + ago(Duration.between(last.time(), Instant.now()));
    }

    static String ago(Duration age) {
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 1) {
            return age.toHours() + (age.toHours() == 1 ? " hour ago" : " hours ago");
        }
        return age.toDays() + (age.toDays() == 1 ? " day ago" : " days ago");
    }

    /** The per-environment cell, as text: what is there, how it differs from the previous environment, what is wrong. */
    static String summaryText(EnvironmentSummary env) {
        if (env.error() != null) {
            return "cannot be read";
        }
        String text = env.keys() + (env.keys() == 1 ? " key" : " keys");
        if (env.drift() > 0) {
            text += " · " + env.drift() + " differ";
        }
        if (env.problems() > 0) {
            text += " · " + env.problems() + (env.problems() == 1 ? " problem" : " problems");
        }
        return text;
    }

    private static String partName(EnvironmentSummary env) {
        if (env.error() != null || env.problems() > 0) {
            return "problem";
        }
        return env.drift() > 0 ? "differs" : null;
    }

    /** What the filter field and the team checkbox ask for. */
    ApplicationListing.Filter filter() {
        return new ApplicationListing.Filter(filter.getValue(), myTeams.getValue() ? teams : Set.of());
    }

    private void openNewApplication() {
        new NewApplicationDialog(applications, created -> {
                    refresh();
                    getUI().ifPresent(ui -> ui.navigate(ApplicationView.class, new RouteParameters("app", created)));
                })
                .open();
    }
}
