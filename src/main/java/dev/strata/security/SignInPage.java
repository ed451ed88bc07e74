package dev.strata.security;

import com.vaadin.flow.component.Component;

/**
 * The view on which people sign in, provided by {@code security.ui}, so that the security
 * configuration names it without depending on the UI.
 */
public interface SignInPage {

    Class<? extends Component> view();
}
