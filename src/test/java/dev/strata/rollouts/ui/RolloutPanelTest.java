package dev.strata.rollouts.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.strata.BrowserlessViewTest;
import dev.strata.FreshDataDirectory;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.instances.Sightings;
import dev.strata.rollouts.Rollouts;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithUserDetails;

/** The application page shows a rollout in progress, how far it got, and Complete and Abort to those who may merge. */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class RolloutPanelTest extends BrowserlessViewTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final EnvName PRODUCTION = new EnvName("production");

    @Autowired
    ConfigStore store;

    @Autowired
    ChangeRequestStore requests;

    @Autowired
    Rollouts rollouts;

    @Autowired
    Sightings sightings;

    /** A rollout to canary=true in production, with one of three instances on its candidate. */
    @BeforeEach
    void rolloutToOneOfThree() {
        if (rollouts.of("payments", "production") != null) {
            return;
        }
        var carol = new Actor("carol", new Author("Carol Danvers", "carol@example.com"));
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG"));
        ChangeRequest request = requests.open(
                new ChangeRequest.About(
                        ChangeRequest.Kind.EDIT, PAYMENTS, null, PRODUCTION, "Debug logs", null, null, null),
                new Proposal(store.head(), set, new TreeSet<>()),
                carol);
        var changes =
                new ChangeSet(PAYMENTS, PRODUCTION, set, new TreeSet<>(), "Debug logs", carol.author(), store.head());
        rollouts.start(
                request.id(),
                r -> new ChangeRequestStore.Merge(changes, carol),
                Rollout.Selector.byLabels(Map.of("canary", "true")));
        String candidate = rollouts.of("payments", "production").candidate().id();
        sightings.record("payments", "production", "pay-canary", "canary=true", candidate, "10.1.2.3", "t");
        sightings.record("payments", "production", "pay-1", null, store.head().id(), "10.1.2.4", "t");
        sightings.record("payments", "production", "pay-2", null, store.head().id(), "10.1.2.5", "t");
    }

    @Test
    @WithUserDetails("alice")
    void someone_who_may_not_merge_into_production_sees_the_rollout_without_its_buttons() {
        UI.getCurrent().navigate("apps/payments");
        RolloutPanel panel = find(RolloutPanel.class).single();
        assertThat(panel.getElement().getTextRecursively())
                .contains("Rollout to canary=true in production: 1 of 3 instances on the candidate")
                .contains("started by Carol Danvers");
        assertThat(find(Button.class, panel).all()).isEmpty();
    }

    @Test
    @WithUserDetails("dave")
    void an_approver_of_production_aborts_it_from_the_application_page() {
        UI.getCurrent().navigate("apps/payments");
        RolloutPanel panel = find(RolloutPanel.class).single();
        Button abort = find(Button.class, panel).all().stream()
                .filter(b -> b.getText().equals("Abort"))
                .findFirst()
                .orElseThrow();
        test(abort).click();
        assertThat(rollouts.of("payments", "production")).isNull();
        assertThat(panel.isVisible()).isFalse();
    }
}
