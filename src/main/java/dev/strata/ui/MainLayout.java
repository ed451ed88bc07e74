package dev.strata.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.strata.security.CurrentUser;
import dev.strata.security.PasswordChange;
import dev.strata.security.Person;
import dev.strata.security.ui.PasswordDialog;
import jakarta.annotation.security.PermitAll;
import java.util.TreeSet;

/**
 * The frame around every page: navigation built from the views' {@code @Menu} entries (so a view
 * the person may not open is not listed), and who is signed in, with their roles and sign-out.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    final Button signOut;
    final Button changePassword;

    MainLayout(CurrentUser currentUser, AuthenticationContext authentication, PasswordChange passwords) {
        setPrimarySection(Section.DRAWER);

        var brand = new Div(new Icon(VaadinIcon.STOCK), new Span("Strata"));
        brand.addClassName("brand");
        addToDrawer(brand, navigation());

        Person person = currentUser.require();
        var name = new Span(person.name());
        name.addClassName("user-name");
        var roles = new Span((person.roles().isEmpty() ? "read only" : person.rolesText())
                + (person.teams().isEmpty() ? "" : " · " + String.join(", ", new TreeSet<>(person.teams()))));
        roles.addClassName("user-roles");
        var who = new Div(name, roles);
        who.addClassName("user");
        signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.TERTIARY);
        changePassword = new Button(VaadinIcon.KEY.create(), click -> new PasswordDialog(passwords).open());
        changePassword.addThemeVariants(ButtonVariant.TERTIARY);
        changePassword.setTooltipText("Change your password");
        changePassword.setAriaLabel("Change your password");
        changePassword.setVisible(passwords.available());
        var user = new HorizontalLayout(who, changePassword, signOut);
        user.addClassName("navbar-user");
        user.setAlignItems(HorizontalLayout.Alignment.CENTER);
        addToNavbar(new DrawerToggle(), user);
        currentUser.signInNotice().ifPresent(notice -> {
            roles.setTitle(notice);
            Notification.show(notice, 15000, Notification.Position.TOP_CENTER)
                    .addThemeVariants(NotificationVariant.WARNING);
        });
    }

    private static SideNav navigation() {
        var nav = new SideNav();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            var item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            nav.addItem(item);
        }
        return nav;
    }
}
