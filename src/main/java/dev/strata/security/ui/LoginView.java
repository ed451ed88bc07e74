package dev.strata.security.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.strata.security.OidcProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The sign-in page: local accounts (unless turned off) and a link per configured identity provider.
 * A failed attempt says only that the name or password is wrong, never which.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Strata")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    final LoginForm form = new LoginForm();

    public LoginView(ObjectProvider<ClientRegistrationRepository> identityProviders, OidcProperties oidc) {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in to Strata");
        i18n.getForm().setSubmit("Sign in");
        i18n.getErrorMessage().setTitle("Sign-in failed");
        i18n.getErrorMessage().setMessage("The user name or password is not correct.");
        form.setI18n(i18n);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        form.getElement().setAttribute("autofocus", true);

        var brand = new com.vaadin.flow.component.html.H1("Strata");
        brand.addClassName("brand");
        var tagline = new com.vaadin.flow.component.html.Paragraph(
                "Configuration per environment, versioned in Git, reviewed before it ships.");
        tagline.addClassName("tagline");
        add(brand, tagline, form);
        form.setVisible(oidc.localAccounts());
        if (identityProviders.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object registration : registrations) {
                add(signInWith((ClientRegistration) registration));
            }
        }
    }

    /** A plain link, not a route: the browser must leave the application for the identity provider. */
    private static Anchor signInWith(ClientRegistration registration) {
        var link = new Anchor(
                "oauth2/authorization/" + registration.getRegistrationId(),
                "Sign in with " + registration.getClientName());
        link.setRouterIgnore(true);
        link.addClassName("sign-in-with");
        return link;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }
}
