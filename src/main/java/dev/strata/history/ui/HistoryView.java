package dev.strata.history.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;

/** The audit history of every setting. Not built yet: the Git history itself is complete meanwhile. */
@Route("history")
@PageTitle("History · Strata")
@Menu(order = 2, title = "History", icon = "vaadin:time-backward")
@PermitAll
public class HistoryView extends VerticalLayout {

    public HistoryView() {
        add(new EmptyState(VaadinIcon.TIME_BACKWARD, "History is not browsable here yet",
                "Every change is already a commit in the configuration repository, authored by the person "
                        + "who made it: git log on config.git shows who changed what, when and why."));
    }
}
