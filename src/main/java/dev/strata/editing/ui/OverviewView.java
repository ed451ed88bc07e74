package dev.strata.editing.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;

/** The start page: every application and how its environments compare. */
@Route("")
@PageTitle("Overview · Strata")
@Menu(order = 0, title = "Overview", icon = "vaadin:dashboard")
@PermitAll
public class OverviewView extends VerticalLayout {

    public OverviewView() {
        add(new EmptyState(VaadinIcon.DASHBOARD, "No applications yet",
                "Applications and their settings per environment will be listed here."));
    }
}
