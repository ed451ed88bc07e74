package dev.strata.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/** Any address that is no page of Strata's, inside the app's frame, with the ways on (in place of Vaadin's bare message). */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found · Strata")
@PermitAll
public class NotFoundView extends Div implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        add(new EmptyState(
                VaadinIcon.QUESTION_CIRCLE_O,
                "Page not found",
                "There is no page at /" + event.getLocation().getPath()
                        + ". It may have moved, or the address may be mistyped. Go on from here:",
                ways()));
        return HttpServletResponse.SC_NOT_FOUND;
    }

    static Div ways() {
        var ways = new Div(
                new Anchor("", "Overview"),
                new Anchor("history", "History"),
                new Anchor("change-requests", "Change requests"));
        ways.addClassName("error-ways");
        return ways;
    }
}
