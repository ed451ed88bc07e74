package dev.strata.rollouts.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.changes.PaymentsCopies;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.instances.Sightings;
import dev.strata.rollouts.Rollouts;
import dev.strata.secrets.Secrets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * The application page shows a rollout in progress, how far it got, and Complete and Abort to those who
 * may merge. Each test rolls out into a copy of the demo's payments of its own ({@link PaymentsCopies})
 * and closes its change request when done, so it shares Strata with the other view tests.
 */
@ViewTest
class RolloutPanelTest extends BrowserlessViewTest {

    static final Actor CAROL = new Actor("carol", new Author("Carol Danvers", "carol@example.com"));
    static final EnvName PRODUCTION = new EnvName("production");

    @Autowired
    ConfigStore store;

    @Autowired
    ChangeRequestStore requests;

    @Autowired
    Rollouts rollouts;

    @Autowired
    Sightings sightings;

    @Autowired
    Secrets secrets;

    @Autowired
    UserDetailsService users;

    /** This test's copy of the demo's payments, and the change request rolled out into it. */
    AppName payments;

    long changeRequest;

    /** A rollout to canary=true in production, with one of three instances on its candidate. */
    @BeforeEach
    void rolloutToOneOfThree() {
        payments = new PaymentsCopies(store, secrets).create();
        var set = new TreeMap<SettingKey, String>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG"));
        ChangeRequest request = requests.open(
                new ChangeRequest.About(
                        ChangeRequest.Kind.EDIT, payments, null, PRODUCTION, "Debug logs", null, null, null),
                new Proposal(store.head(), set, new TreeSet<>()),
                CAROL);
        var changes =
                new ChangeSet(payments, PRODUCTION, set, new TreeSet<>(), "Debug logs", CAROL.author(), store.head());
        changeRequest = request.id();
        rollouts.start(
                request.id(),
                r -> new ChangeRequestStore.Merge(changes, CAROL),
                Rollout.Selector.byLabels(Map.of("canary", "true")));
        String candidate =
                rollouts.of(payments.value(), "production").candidate().id();
        sightings.record(payments.value(), "production", "pay-canary", "canary=true", candidate, "10.1.2.3", "t");
        sightings.record(
                payments.value(), "production", "pay-1", null, store.head().id(), "10.1.2.4", "t");
        sightings.record(
                payments.value(), "production", "pay-2", null, store.head().id(), "10.1.2.5", "t");
    }

    /**
     * Aborts the rollout if it is still going, as dave who approves production, and closes its change
     * request: open, it would wait for the approvers of production in the classes sharing this Strata.
     */
    @AfterEach
    void closeTheChangeRequest() {
        var test = SecurityContextHolder.getContext();
        var dave = users.loadUserByUsername("dave");
        SecurityContextHolder.setContext(new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(dave, dave.getPassword(), dave.getAuthorities())));
        try {
            if (rollouts.of(payments.value(), "production") != null) {
                rollouts.abort(payments, PRODUCTION);
            }
        } finally {
            SecurityContextHolder.setContext(test);
        }
        requests.append(changeRequest, current -> ChangeRequestStore.Step.of(ChangeRequestEvent.Type.CLOSED, CAROL));
    }

    @Test
    @WithUserDetails("alice")
    void someone_who_may_not_merge_into_production_sees_the_rollout_without_its_buttons() {
        UI.getCurrent().navigate("apps/" + payments.value());
        RolloutPanel panel = find(RolloutPanel.class).single();
        assertThat(panel.getElement().getTextRecursively())
                .contains("Rollout to canary=true in production: 1 of 3 instances on the candidate")
                .contains("started by Carol Danvers");
        assertThat(find(Button.class, panel).all()).isEmpty();
    }

    @Test
    @WithUserDetails("dave")
    void an_approver_of_production_aborts_it_from_the_application_page() {
        UI.getCurrent().navigate("apps/" + payments.value());
        RolloutPanel panel = find(RolloutPanel.class).single();
        Button abort = find(Button.class, panel).all().stream()
                .filter(b -> b.getText().equals("Abort"))
                .findFirst()
                .orElseThrow();
        test(abort).click();
        assertThat(rollouts.of(payments.value(), "production")).isNull();
        assertThat(panel.isVisible()).isFalse();
    }
}
