package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.admin.ui.AdminView;
import dev.strata.changes.ui.ChangeRequestsView;
import dev.strata.history.ui.HistoryView;
import dev.strata.security.ui.LoginView;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithUserDetails;

/** What a new user reads while finding their way: the menu, page titles, the sign-in form, the admin tabs. */
@ViewTest
class NavigationAndWordingTest extends BrowserlessViewTest {

    @Test
    @WithUserDetails("alice")
    void search_is_in_the_side_menu() {
        assertThat(find(SideNavItem.class).all())
                .extracting(SideNavItem::getLabel)
                .containsExactly("Overview", "Search", "Change requests", "History");
        assertThat(find(SideNavItem.class).withCaption("Search").single().getPath())
                .isEqualTo("search");
    }

    @Test
    @WithUserDetails("alice")
    void the_history_and_change_request_pages_say_what_they_are() {
        UI.getCurrent().navigate(HistoryView.class);
        assertThat(find(H2.class).atIndex(1).getText()).isEqualTo("History");

        UI.getCurrent().navigate(ChangeRequestsView.class);
        assertThat(find(H2.class).atIndex(1).getText()).isEqualTo("Change requests");

        UI.getCurrent().navigate("history/compare");
        assertThat(find(H2.class).atIndex(1).getText()).isEqualTo("Compare");
    }

    @Test
    @WithAnonymousUser
    void the_sign_in_form_says_sign_in_in_its_heading_and_on_its_button() {
        UI.getCurrent().navigate(LoginView.class);

        String i18n = String.valueOf(find(LoginForm.class).single().getElement().getPropertyRaw("i18n"));
        assertThat(i18n).contains("\"title\":\"Sign in to Strata\"").contains("\"submit\":\"Sign in\"");
    }

    @Test
    @WithUserDetails("admin")
    void the_remote_tab_without_a_remote_says_how_to_configure_one() {
        UI.getCurrent().navigate("admin", QueryParameters.of("tab", "remote"));
        roundTrip();

        TabSheet tabs = find(TabSheet.class).single();
        assertThat(getCurrentView()).isInstanceOf(AdminView.class);
        assertThat(tabs.getSelectedTab().getLabel()).isEqualTo("Remote");
        assertThat(tabs.getComponent(tabs.getSelectedTab()).getElement().getTextRecursively())
                .contains("No remote is configured", "STRATA_REMOTE_URL");
    }
}
