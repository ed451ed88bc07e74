package dev.strata.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouteConfiguration;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A page the signed-in person may not open, inside the app's frame: who may, and the ways on. It
 * replaces Vaadin's default, which answers as if the page did not exist.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Not allowed · Strata")
@PermitAll
public class AccessDeniedView extends Div implements HasErrorParameter<AccessDeniedException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        removeAll();
        add(new EmptyState(
                VaadinIcon.LOCK,
                "You may not open this page",
                whoMay(event.getLocation().getPath()) + " Ask an admin for a role if you need it. Go on from here:",
                NotFoundView.ways()));
        return HttpServletResponse.SC_FORBIDDEN;
    }

    private static String whoMay(String path) {
        return RouteConfiguration.forApplicationScope()
                .getRoute(path)
                .map(view -> view.getAnnotation(RolesAllowed.class))
                .map(roles -> "Only "
                        + Arrays.stream(roles.value())
                                .map(AccessDeniedView::holders)
                                .collect(Collectors.joining(" and "))
                        + " may open it.")
                .orElse("Your roles do not include this page.");
    }

    private static String holders(String role) {
        return "ADMIN".equals(role) ? "admins" : "people with the role " + role;
    }
}
