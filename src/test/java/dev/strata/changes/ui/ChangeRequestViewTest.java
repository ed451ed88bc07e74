package dev.strata.changes.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.changes.PaymentsCopies;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.RolloutStore;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import dev.strata.ui.EmptyState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * The review page and the list, per role, without a browser. Each test reviews changes to a copy of
 * the demo's payments of its own ({@link PaymentsCopies}), so that one's merge is no other's start.
 */
@ViewTest
class ChangeRequestViewTest extends BrowserlessViewTest {

    static final EnvName STAGING = new EnvName("staging");

    @Autowired
    ChangeRequestStore requests;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    @Autowired
    RolloutStore rollouts;

    /** This test's copy of payments. */
    AppName payments;

    @BeforeEach
    void copyOfPayments() {
        payments = new PaymentsCopies(store, secrets).create();
    }

    /** Alice's promotion of LOG_LEVEL=DEBUG into staging, written straight into the store. */
    private long alicePromotes() {
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.PROMOTION,
                payments,
                new EnvName("dev"),
                STAGING,
                "Debug logs in staging",
                "QA asked for it",
                null,
                null);
        var proposal = new Proposal(
                store.head(), new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")), new TreeSet<>());
        return requests.open(about, proposal, new Actor("alice", new Author("Alice Liddell", "alice@example.com")))
                .id();
    }

    private ChangeRequestView review(long id) {
        UI.getCurrent().navigate("change-requests/" + id);
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    private List<String> notifications() {
        return find(Notification.class).all().stream()
                .map(n -> n.getElement().getProperty("text", ""))
                .toList();
    }

    @Test
    @WithUserDetails("alice")
    void the_author_sees_the_key_diff_and_why_she_can_neither_approve_nor_merge() {
        var view = review(alicePromotes());

        assertThat(view.title.getText()).endsWith("Debug logs in staging");
        assertThat(view.state.getText()).isEqualTo("open");
        var keys = test(view.keys);
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.getCellText(0, 0)).isEqualTo("LOG_LEVEL");
        assertThat(keys.getCellText(0, 2)).isEqualTo("INFO");
        assertThat(keys.getCellText(0, 3)).isEqualTo("DEBUG");
        assertThat(view.approve.isEnabled()).isFalse();
        assertThat(view.approve.getTooltip().getText()).contains("someone else must approve");
        assertThat(view.merge.isEnabled()).isFalse();
        assertThat(view.blockers.getElement().getTextRecursively()).contains("it has 0 of 1");
    }

    @Test
    @WithUserDetails("bob")
    void a_key_not_set_in_the_target_shows_the_default_that_applies_until_the_merge() {
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.EDIT, payments, null, STAGING, "Shorter timeout", "", null, null);
        var proposal = new Proposal(
                store.head(), new TreeMap<>(Map.of(new SettingKey("HTTP_TIMEOUT"), "10s")), new TreeSet<>());
        var view = review(
                requests.open(about, proposal, new Actor("alice", new Author("Alice Liddell", "alice@example.com")))
                        .id());

        assertThat(test(view.keys).getCellText(0, 0)).isEqualTo("HTTP_TIMEOUT");
        assertThat(test(view.keys).getCellText(0, 2)).as("now").isEqualTo("30s (default)");
        assertThat(test(view.keys).getCellText(0, 3)).as("proposed").isEqualTo("10s");
    }

    @Test
    @WithUserDetails("bob")
    void an_approver_approves_and_merges_and_the_page_shows_the_record() {
        var view = review(alicePromotes());
        assertThat(view.merge.isEnabled()).isFalse();

        test(view.approve).click();
        assertThat(notifications()).contains("Approved.");
        assertThat(view.blockers.getElement().getTextRecursively())
                .contains("Approvals: 1 of 1 (Bob Builder)", "Ready to merge.");
        assertThat(view.approve.isEnabled())
                .as("approving twice would change nothing")
                .isFalse();
        assertThat(view.approve.getTooltip().getText()).isEqualTo("You have approved it already.");

        test(view.merge).click();
        assertThat(view.state.getText()).as("not before it is confirmed").isEqualTo("open");
        var confirm = find(ConfirmDialog.class).single();
        assertThat(confirm.getElement().getProperty("header"))
                .isEqualTo("Merge into staging of " + payments.value() + "?");
        test(confirm).confirm();
        assertThat(view.state.getText()).isEqualTo("merged");
        assertThat(notifications()).contains("Merged: staging of " + payments.value() + " now has these values.");
        assertThat(view.timeline.getElement().getTextRecursively())
                .contains("Alice Liddell opened it", "Bob Builder approved", "Bob Builder merged it as");
        assertThat(store.snapshot().settings(payments, STAGING).get(new SettingKey("LOG_LEVEL")))
                .contains("DEBUG");
        assertThat(view.approve.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("bob")
    void the_merge_dialog_starts_a_rollout_to_labelled_instances_instead_of_merging_for_everyone() {
        var view = review(alicePromotes());
        test(view.approve).click();
        String main = store.head().id();

        test(view.merge).click();
        var choice = find(RolloutChoice.class).single();
        choice.who.setValue(RolloutChoice.PERCENT);
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(notifications()).anyMatch(text -> text.contains("percent is a whole number from 1 to 100"));
        assertThat(view.state.getText()).isEqualTo("open");

        test(view.merge).click();
        choice = find(RolloutChoice.class).single();
        choice.who.setValue(RolloutChoice.LABELS);
        choice.labels.setValue("canary=true");
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(notifications()).anyMatch(text -> text.startsWith("Rolling out: the chosen instances of staging"));
        assertThat(view.state.getText())
                .as("open until the rollout is completed")
                .isEqualTo("open");
        assertThat(store.head().id()).as("main stays").isEqualTo(main);
        assertThat(rollouts.all())
                .anyMatch(rollout -> rollout.target().app().equals(payments)
                        && rollout.selector().toString().equals("canary=true"));
        assertThat(view.timeline.getElement().getTextRecursively())
                .contains("Started a gradual rollout to canary=true");
    }

    @Test
    @WithUserDetails("dave")
    void someone_without_a_role_in_the_target_reads_and_comments_and_html_stays_text() {
        var view = review(alicePromotes());
        assertThat(view.approve.getTooltip().getText())
                .isEqualTo(
                        "Approving change requests into staging needs the role approver:staging or approver:staging@team-payments.");
        assertThat(view.close.isEnabled()).isFalse();

        view.comment.setValue("<img src=x onerror=alert(1)> why DEBUG?");
        test(view.send).click();

        var text = view.timeline
                .getChildren()
                .toList()
                .get(1)
                .getChildren()
                .filter(c -> c.hasClassName("event-text"))
                .findFirst()
                .orElseThrow();
        assertThat(text.getElement().getText()).isEqualTo("<img src=x onerror=alert(1)> why DEBUG?");
        assertThat(text.getElement().getChildren())
                .as("no markup is made of it")
                .allMatch(Element::isTextNode);

        view.comment.setValue("x".repeat(20_000));
        test(view.send).click();
        assertThat(view.comment.isInvalid()).isTrue();
    }

    @Test
    @WithUserDetails("bob")
    void an_unknown_or_malformed_id_shows_an_explanation() {
        for (String id : List.of("999", "abc", "-1")) {
            UI.getCurrent().navigate("change-requests/" + id);
            assertThat(find(EmptyState.class).atIndex(1).getElement().getTextRecursively())
                    .contains("There is no such change request");
        }
    }

    @Test
    @WithUserDetails("dave")
    void the_list_filters_by_state_and_what_waits_for_my_approval_and_keeps_filters_in_the_address() {
        long first = alicePromotes();
        UI.getCurrent().navigate("change-requests", QueryParameters.simple(Map.of("waiting", "true")));
        ChangeRequestsView list = AopTestUtils.getUltimateTargetObject(getCurrentView());
        assertThat(test(list.grid).size()).as("dave approves production only").isZero();

        list.waitingForMe.setValue(false);
        var all = test(list.grid);
        assertThat(IntStream.range(0, all.size()).mapToObj(all::getRow))
                .as("with the demo's review of checkout")
                .extracting(row -> row.id())
                .contains(first)
                .hasSizeGreaterThanOrEqualTo(2);
        list.app.setValue(payments.value());
        assertThat(test(list.grid).size()).isEqualTo(1);
        assertThat(test(list.grid).getRow(0).id()).isEqualTo(first);
        list.app.setValue("checkout");
        assertThat(test(list.grid).size()).isEqualTo(1);
        assertThat(test(list.grid).getRow(0).title()).isEqualTo("Bulk orders and the darker theme in staging");

        list.state.setValue("closed");
        assertThat(test(list.grid).size()).isZero();
        list.app.setValue("../etc");
        assertThat(list.app.isInvalid()).isTrue();
    }
}
