package dev.strata.editing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.RouterLink;
import dev.strata.BrowserlessViewTest;
import dev.strata.DemoCopies;
import dev.strata.ViewTest;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

@ViewTest
class SearchViewTest extends BrowserlessViewTest {

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    private SearchView open() {
        UI.getCurrent().navigate(SearchView.class);
        // Method security (@PermitAll) proxies the view; its fields live on the target
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    @Test
    @WithUserDetails("bob")
    void a_search_finds_keys_and_values_across_applications_and_links_to_the_key() {
        var view = open();

        test(view.query).setValue("internal");

        var grid = test(view.results);
        assertThat(grid.size()).isGreaterThanOrEqualTo(5);
        assertThat(grid.getRow(0).app()).isEqualTo("checkout");
        assertThat(grid.getRow(0).key()).isEqualTo("PAYMENTS_URL");
        assertThat(((RouterLink) grid.getCellComponent(0, "key")).getHref())
                .isEqualTo("apps/checkout?key=PAYMENTS_URL");
        assertThat(view.summary.getText()).endsWith("matches.");
    }

    @Test
    @WithUserDetails("bob")
    void secret_values_are_never_searched() {
        // unsealed, as a value written before its key was marked secret; into a copy, not the demo's payments
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey("DATABASE_PASSWORD"), "findable-secret"));
        store.commit(new ChangeSet(
                new DemoCopies(store, secrets).copy("payments"),
                new EnvName("dev"),
                set,
                new TreeSet<>(),
                "Secret",
                new Author("Carol Danvers", "carol@example.com"),
                store.head()));
        var view = open();

        test(view.query).setValue("findable-secret");
        assertThat(test(view.results).size()).isZero();
        assertThat(view.summary.getText())
                .isEqualTo("Nothing matches “findable-secret”. Secret values are never searched.");

        test(view.query).setValue("DATABASE_PASSWORD");
        assertThat(test(view.results).getRow(0).value()).isEqualTo("••••••");
    }

    @Test
    @WithUserDetails("bob")
    void a_search_text_longer_than_200_characters_is_refused_with_a_message() {
        var view = open();

        // set on the server, as a client that ignores the field's maximum length would
        view.query.setValue("a".repeat(64 * 1024));

        assertThat(test(view.results).size()).isZero();
        assertThat(view.summary.getText())
                .isEqualTo("Nothing was searched: a search text has at most 200 characters; this one has 65536.");
    }
}
