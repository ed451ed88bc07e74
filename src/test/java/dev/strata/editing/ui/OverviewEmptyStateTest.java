package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.ui.EmptyState;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;

/** A fresh repository without demo data: the initial admin is the only account. */
@SpringBootTest(properties = "strata.demo=false")
@FreshDataDirectory
class OverviewEmptyStateTest extends BrowserlessViewTest {

    @Test
    @WithUserDetails("admin")
    void without_applications_the_overview_says_so_and_offers_the_admin_to_create_the_first() {
        UI.getCurrent().navigate(OverviewView.class);

        var empty = find(EmptyState.class).single();
        assertThat(empty.getElement().getTextRecursively())
                .contains("No applications yet", "Create the first application");
    }
}
