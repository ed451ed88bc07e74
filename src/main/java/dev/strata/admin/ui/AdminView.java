package dev.strata.admin.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.strata.ui.EmptyState;
import jakarta.annotation.security.RolesAllowed;

/** Administration of accounts, tokens and environment policies; admins only. */
@Route("admin")
@PageTitle("Admin · Strata")
@Menu(order = 3, title = "Admin", icon = "vaadin:cog")
@RolesAllowed("ADMIN")
public class AdminView extends VerticalLayout {

    public AdminView() {
        add(new EmptyState(VaadinIcon.COG, "Administration is file-based for now",
                "Accounts live in users.yaml in the data directory (passwords as {bcrypt} hashes, roles such as "
                        + "editor:dev or approver:*). Edit it and restart Strata; managing accounts, tokens and "
                        + "policies on this page is not available in this version yet."));
    }
}
