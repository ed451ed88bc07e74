package dev.strata.changes.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.strata.BrowserlessViewTest;
import dev.strata.ViewTest;
import dev.strata.changes.PaymentsCopies;
import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Pipeline;
import dev.strata.config.Proposal;
import dev.strata.config.SettingKey;
import dev.strata.secrets.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.util.AopTestUtils;

/**
 * Soak and freeze on the review page: what holds a change request, and an admin's override. Each test
 * sets the gates, opens its change requests on a copy of payments of its own ({@link PaymentsCopies}),
 * so that what one merged is no other's starting point, and puts back the demo's policies and closes
 * what it left open after: so the class shares the {@link ViewTest} Strata.
 */
@ViewTest
class GatesViewTest extends BrowserlessViewTest {

    static final Actor ALICE = new Actor("alice", new Author("Alice Liddell", "alice@example.com"));
    static final Actor CAROL = new Actor("carol", new Author("Carol", "carol@example.com"));

    @Autowired
    ChangeRequestStore requests;

    @Autowired
    ConfigStore store;

    /** Strata's own clock (the demo's, which is now once the demo is seeded): the gates compare with it. */
    @Autowired
    Clock clock;

    @Autowired
    Secrets secrets;

    private AppName payments;

    private Pipeline demoPolicies;

    private final List<Long> opened = new ArrayList<>();

    /** Staging soaks a day; production is frozen from an hour ago until tomorrow; payments is copied for the test. */
    @BeforeEach
    void gates() {
        demoPolicies = store.snapshot().pipeline();
        var gated = store.snapshot().pipeline().environments().stream()
                .map(policy -> switch (policy.name().value()) {
                    case "staging" -> policy.withGates(Duration.ofHours(24), List.of());
                    case "production" ->
                        policy.withGates(
                                Duration.ZERO,
                                List.of(new FreezeWindow(
                                        clock.instant().minus(Duration.ofHours(1)),
                                        clock.instant().plus(Duration.ofDays(1)),
                                        "year-end freeze")));
                    default -> policy;
                })
                .toList();
        store.savePipeline(new Pipeline(gated), new Author("Admin", "admin@example.com"), "Gates", store.head());
        payments = new PaymentsCopies(store, secrets).create();
    }

    /**
     * The demo's policies back, and no change request left open: one open in production would wait for
     * dave in the classes sharing this Strata.
     */
    @AfterEach
    void putBack() {
        store.savePipeline(demoPolicies, new Author("Admin", "admin@example.com"), "No gates", store.head());
        for (long id : opened) {
            requests.append(
                    id,
                    current -> current.state() == ChangeRequest.State.OPEN
                            ? ChangeRequestStore.Step.of(ChangeRequestEvent.Type.CLOSED, ALICE)
                            : null);
        }
    }

    private long open(ChangeRequest.Kind kind, String source, String target, Actor author) {
        var about = new ChangeRequest.About(
                kind,
                payments,
                source == null ? null : new EnvName(source),
                new EnvName(target),
                "Debug logs",
                "",
                null,
                null);
        var proposal = new Proposal(
                store.head(), new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")), new TreeSet<>());
        long id = requests.open(about, proposal, author).id();
        opened.add(id);
        return id;
    }

    private void approve(long id, String... usernames) {
        for (String username : usernames) {
            requests.append(
                    id,
                    current -> ChangeRequestStore.Step.of(
                            ChangeRequestEvent.Type.APPROVED,
                            new Actor(username, new Author(username, username + "@example.com"))));
        }
    }

    private ChangeRequestView review(long id) {
        UI.getCurrent().navigate("change-requests/" + id);
        return AopTestUtils.getUltimateTargetObject(getCurrentView());
    }

    @Test
    @WithUserDetails("bob")
    void a_promotion_held_by_soak_says_from_when_it_can_merge_and_an_edit_says_it_is_not_held() {
        long promotion = open(ChangeRequest.Kind.PROMOTION, "dev", "staging", ALICE);
        approve(promotion, "bob");

        var view = review(promotion);

        // the page names the first whole minute at which it can merge: never one before the soak ends
        Instant soakUntil = view.review.soakUntil();
        String from = DateTimeFormatter.ofPattern("HH:mm")
                .withZone(ZoneOffset.UTC)
                .format(soakUntil.minusNanos(1).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        assertThat(view.review.soakUntil()).isAfter(clock.instant());
        assertThat(view.blockers.getElement().getTextRecursively()).contains("can merge from " + from + " UTC");
        assertThat(view.merge.isEnabled()).isFalse();

        long edit = open(ChangeRequest.Kind.EDIT, null, "staging", ALICE);
        var editView = review(edit);
        assertThat(editView.blockers.getElement().getTextRecursively())
                .contains("Edits and reverts are not promotions")
                .doesNotContain("can merge from");
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_merges_into_a_frozen_environment_with_a_reason_that_the_activity_shows() {
        long id = open(ChangeRequest.Kind.EDIT, null, "production", CAROL);
        approve(id, "bob", "dave");
        var view = review(id);
        assertThat(view.blockers.getElement().getTextRecursively())
                .contains("production is frozen until", "year-end freeze");
        assertThat(view.overrideFreeze.isVisible()).isTrue();
        assertThat(view.overrideFreeze.isEnabled()).isTrue();

        test(view.overrideFreeze).click();
        var dialog = find(FreezeOverrideDialog.class).single();
        test(dialog.confirm).click();
        assertThat(dialog.reason.isInvalid()).as("a reason is required").isTrue();
        test(dialog.reason).setValue("INC-42 payment outage");
        test(dialog.confirm).click();

        assertThat(view.review.state()).isEqualTo(ChangeRequest.State.MERGED);
        assertThat(view.timeline.getElement().getTextRecursively())
                .contains("INC-42 payment outage", "year-end freeze");
    }

    @Test
    @WithUserDetails("carol")
    void someone_who_is_no_admin_sees_why_the_override_is_not_theirs() {
        long id = open(ChangeRequest.Kind.EDIT, null, "production", ALICE);
        approve(id, "bob", "dave");

        var view = review(id);

        assertThat(view.merge.isEnabled()).isFalse();
        assertThat(view.overrideFreeze.isEnabled()).isFalse();
        assertThat(view.overrideFreeze.getTooltip().getText()).contains("Only an admin");
    }
}
