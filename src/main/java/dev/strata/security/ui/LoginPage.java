package dev.strata.security.ui;

import com.vaadin.flow.component.Component;
import dev.strata.security.SignInPage;

/** Tells the security configuration that {@link LoginView} is where people sign in. */
@org.springframework.stereotype.Component
class LoginPage implements SignInPage {

    @Override
    public Class<? extends Component> view() {
        return LoginView.class;
    }
}
