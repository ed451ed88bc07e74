package dev.strata.changes.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.strata.changes.ChangeRequestList;
import dev.strata.changes.ChangeRequestList.Summary;
import dev.strata.changes.ChangeRequestService;
import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.EnvName;
import dev.strata.config.ValidationException;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change requests, newest first, filtered by state, application, target environment, author and
 * "waiting for my approval". The filters are in the address, so a list can be bookmarked and shared.
 */
@Route("change-requests")
@PageTitle("Change requests · Strata")
@Menu(order = 1, title = "Change requests", icon = "vaadin:exchange")
@PermitAll
public class ChangeRequestsView extends VerticalLayout implements BeforeEnterObserver {

    static final String ALL = "all";

    private final ChangeRequestService changes;

    final Select<String> state = new Select<>();
    final TextField app = new TextField();
    final TextField target = new TextField();
    final TextField author = new TextField();
    final Checkbox waitingForMe = new Checkbox("Waiting for my approval");
    final Grid<Summary> grid = new Grid<>();
    final EmptyState empty = new EmptyState(
            VaadinIcon.EXCHANGE,
            "No change requests here",
            "Nothing matches these filters. Open a promotion from an application's page: "
                    + "\"Promote dev → staging\" proposes the differing keys for review.");
    private boolean reading;

    ChangeRequestsView(ChangeRequestService changes) {
        this.changes = changes;
        addClassName("change-requests-view");
        setSizeFull();

        state.setLabel("State");
        state.setItems("open", "merged", "closed", ALL);
        state.setValue("open");
        app.setLabel("Application");
        target.setLabel("Target");
        author.setLabel("Author");
        for (TextField field : List.of(app, target, author)) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setWidth("10rem");
        }
        state.addValueChangeListener(change -> filtersChanged());
        app.addValueChangeListener(change -> filtersChanged());
        target.addValueChangeListener(change -> filtersChanged());
        author.addValueChangeListener(change -> filtersChanged());
        waitingForMe.addValueChangeListener(change -> filtersChanged());

        grid.addClassName("change-requests-grid");
        grid.addColumn(summary -> "#" + summary.id())
                .setHeader("#")
                .setWidth("5rem")
                .setFlexGrow(0);
        grid.addColumn(Summary::title).setHeader("Title").setFlexGrow(3);
        grid.addColumn(summary -> summary.kind().word())
                .setHeader("Kind")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(Summary::app).setHeader("Application").setFlexGrow(1);
        grid.addColumn(summary ->
                        summary.source() == null ? summary.target() : summary.source() + " → " + summary.target())
                .setHeader("Environments")
                .setFlexGrow(1);
        grid.addColumn(summary -> summary.author().name()).setHeader("Author").setFlexGrow(1);
        grid.addColumn(summary -> summary.state() == ChangeRequest.State.OPEN
                        ? summary.approvals() + " of " + summary.requiredApprovals()
                        : summary.state().word())
                .setHeader("Approvals")
                .setWidth("8rem")
                .setFlexGrow(0);
        grid.addColumn(summary -> ChangeRequestView.TIME.format(summary.updated()))
                .setHeader("Updated")
                .setFlexGrow(1);
        grid.addItemClickListener(click -> grid.getUI()
                .ifPresent(ui -> ui.navigate(
                        ChangeRequestView.class,
                        new RouteParameters("id", String.valueOf(click.getItem().id())))));
        grid.setEmptyStateComponent(empty);

        var filters = new FlexLayout(state, app, target, author, waitingForMe);
        filters.addClassName("toolbar");
        add(new H2("Change requests"), filters, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        reading = true;
        state.setValue(query.getSingleParameter("state")
                .filter(s -> List.of("open", "merged", "closed", ALL).contains(s))
                .orElse("open"));
        app.setValue(query.getSingleParameter("app").orElse(""));
        target.setValue(query.getSingleParameter("target").orElse(""));
        author.setValue(query.getSingleParameter("author").orElse(""));
        waitingForMe.setValue(
                query.getSingleParameter("waiting").map("true"::equals).orElse(false));
        reading = false;
        list();
    }

    private void filtersChanged() {
        if (reading) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!"open".equals(state.getValue())) {
            params.put("state", state.getValue());
        }
        put(params, "app", app.getValue());
        put(params, "target", target.getValue());
        put(params, "author", author.getValue());
        if (waitingForMe.getValue()) {
            params.put("waiting", "true");
        }
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null, new com.vaadin.flow.router.Location("change-requests", QueryParameters.simple(params))));
        list();
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.put(name, value.strip());
        }
    }

    private void list() {
        app.setInvalid(false);
        target.setInvalid(false);
        try {
            var filter = new ChangeRequestList.Filter(
                    ALL.equals(state.getValue())
                            ? null
                            : ChangeRequest.State.valueOf(state.getValue().toUpperCase()),
                    app.getValue().isBlank() ? null : name(app, AppName::new),
                    target.getValue().isBlank() ? null : name(target, EnvName::new),
                    author.getValue().isBlank() ? null : author.getValue().strip(),
                    waitingForMe.getValue());
            grid.setItems(changes.list(filter));
        } catch (ValidationException e) {
            grid.setItems(List.of());
        }
    }

    private static <T> T name(TextField field, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(field.getValue().strip());
        } catch (ValidationException e) {
            field.setInvalid(true);
            field.setErrorMessage(e.problems().getFirst().message());
            throw e;
        }
    }
}
