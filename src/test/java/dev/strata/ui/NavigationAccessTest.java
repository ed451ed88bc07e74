package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.admin.ui.AdminView;
import dev.strata.changes.ui.ChangeRequestsView;
import dev.strata.editing.ui.OverviewView;
import dev.strata.security.ui.LoginView;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithUserDetails;

@ViewTest
class NavigationAccessTest extends BrowserlessViewTest {

    @Test
    @WithAnonymousUser
    void anonymous_people_are_sent_to_sign_in() {
        UI.getCurrent().navigate(ChangeRequestsView.class);

        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    @Test
    @WithUserDetails("erin")
    void a_person_in_a_team_sees_their_teams_next_to_their_roles() {
        UI.getCurrent().navigate(OverviewView.class);

        assertThat(find(Span.class).withClassName("user-roles").single().getText())
                .isEqualTo("approver:*@team-payments, editor:*@team-payments · team-payments");
    }

    @Test
    @WithUserDetails("alice")
    void a_signed_in_person_reaches_the_overview_and_sees_who_they_are() {
        UI.getCurrent().navigate(OverviewView.class);

        assertThat(getCurrentView()).isInstanceOf(OverviewView.class);
        assertThat(find(Span.class).withClassName("user-name").single().getText())
                .isEqualTo("Alice Liddell");
        assertThat(find(Span.class).withClassName("user-roles").single().getText())
                .isEqualTo("editor:dev, editor:staging");
    }

    @Test
    @WithUserDetails("alice")
    void the_admin_page_is_neither_listed_nor_reachable_for_others() {
        assertThat(find(SideNavItem.class).all())
                .extracting(SideNavItem::getLabel)
                .containsExactly("Overview", "Search", "Change requests", "History");

        UI.getCurrent().navigate(AdminView.class);

        assertThat(getCurrentView()).isNotInstanceOf(AdminView.class);
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_reaches_the_admin_page() {
        assertThat(find(SideNavItem.class).all())
                .extracting(SideNavItem::getLabel)
                .contains("Admin");

        UI.getCurrent().navigate(AdminView.class);

        assertThat(getCurrentView()).isInstanceOf(AdminView.class);
    }
}
