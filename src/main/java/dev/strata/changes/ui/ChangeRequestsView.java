package dev.strata.changes.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.PermitAll;

/** Change requests: promotions and hotfixes awaiting review. The review workflow is not built yet. */
@Route("change-requests")
@PageTitle("Change requests · Strata")
@Menu(order = 1, title = "Change requests", icon = "vaadin:exchange")
@PermitAll
public class ChangeRequestsView extends VerticalLayout {

    public ChangeRequestsView() {
        add(new EmptyState(VaadinIcon.EXCHANGE, "No change requests",
                "Promotions from dev to staging to production will be reviewed here, key by key, "
                        + "with comments and approvals. Reviews are not available in this version yet."));
    }
}
