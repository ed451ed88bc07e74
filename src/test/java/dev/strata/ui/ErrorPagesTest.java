package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.admin.ui.AdminView;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

/** What a signed-in person sees on a page that does not exist or that they may not open: the app around it and a way on. */
@ViewTest
class ErrorPagesTest extends BrowserlessViewTest {

    @Test
    @WithUserDetails("alice")
    void an_unknown_page_says_it_was_not_found_inside_the_app_with_ways_on() {
        UI.getCurrent().navigate("nosuchpage");

        assertThat(getCurrentView()).isInstanceOf(NotFoundView.class);
        assertThat(find(Span.class).withClassName("user-name").single().getText())
                .isEqualTo("Alice Liddell");
        assertThat(find(H2.class).withText("Page not found").exists()).isTrue();
        assertThat(find(Anchor.class).all())
                .extracting(Anchor::getText)
                .containsExactly("Overview", "History", "Change requests");
    }

    @Test
    @WithUserDetails("bob")
    void the_admin_page_tells_others_that_only_admins_may_open_it() {
        UI.getCurrent().navigate(AdminView.class);

        assertThat(getCurrentView()).isInstanceOf(AccessDeniedView.class);
        assertThat(find(Span.class).withClassName("user-name").exists()).isTrue();
        assertThat(find(H2.class).withText("You may not open this page").exists())
                .isTrue();
        assertThat(getCurrentView().getElement().getTextRecursively()).contains("Only admins may open it");
        assertThat(find(Anchor.class).all()).extracting(Anchor::getText).contains("Overview");
    }
}
