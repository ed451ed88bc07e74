package dev.strata.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-memory sightings: what is recorded, what is ignored, and when they are forgotten. */
class SightingsTest {

    static final String A1 = "a".repeat(40);
    static final String B2 = "b".repeat(40);

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final MovingClock clock = new MovingClock();
    final Sightings sightings = new Sightings(clock, 1000);

    private void poll(String instance, String labels, String revision) {
        sightings.record("payments", "production", instance, labels, revision, "10.0.0.7", "payments-production");
    }

    @Test
    void two_instances_are_recorded_with_their_revisions_labels_address_and_token() {
        poll("pay-1", "zone=eu-1,canary=true", A1);
        poll("pay-2", null, B2);

        assertThat(sightings.named("payments", "production"))
                .extracting(Sighting::instance, Sighting::revision)
                .containsExactly(tuple("pay-1", A1), tuple("pay-2", B2));
        Sighting first = sightings.named("payments", "production").getFirst();
        assertThat(first.labelMap()).containsExactly(Map.entry("zone", "eu-1"), Map.entry("canary", "true"));
        assertThat(first.address()).isEqualTo("10.0.0.7");
        assertThat(first.token()).isEqualTo("payments-production");
        assertThat(first.lastSeen()).isEqualTo(clock.now);
        assertThat(sightings.named("payments", "dev")).isEmpty();
    }

    @Test
    void the_next_poll_of_an_instance_replaces_its_revision() {
        poll("pay-1", null, A1);
        clock.advance(Duration.ofSeconds(30));
        poll("pay-1", null, B2);

        assertThat(sightings.named("payments", "production"))
                .singleElement()
                .satisfies(s -> assertThat(s.revision()).isEqualTo(B2))
                .satisfies(s -> assertThat(s.interval()).isEqualTo(30_000));
    }

    @Test
    void an_instance_seen_before_is_recorded_with_the_labels_address_and_token_of_its_latest_poll() {
        sightings.record("payments", "production", "pay-1", "zone=eu-1", A1, "10.0.0.7", "old-token");
        clock.advance(Duration.ofSeconds(30));
        sightings.record("payments", "production", "pay-1", "zone=eu-2", B2, "10.0.0.8", "new-token");

        assertThat(sightings.named("payments", "production"))
                .extracting(
                        Sighting::labels, Sighting::revision, Sighting::address, Sighting::token, Sighting::interval)
                .containsExactly(tuple("zone=eu-2", B2, "10.0.0.8", "new-token", 30_000L));

        clock.advance(Duration.ofSeconds(30));
        sightings.record("payments", "production", "pay-1", "=eu", B2, "10.0.0.8", null);

        assertThat(sightings.named("payments", "production"))
                .as("labels breaking the rules are left out, as for a new instance")
                .extracting(Sighting::labels, Sighting::token)
                .containsExactly(tuple(null, null));
    }

    @Test
    void clients_without_an_instance_id_are_counted_by_address_and_not_listed() {
        poll(null, null, A1);
        poll(null, null, A1);
        sightings.record("payments", "production", null, null, A1, "10.0.0.8", "payments-production");

        assertThat(sightings.named("payments", "production")).isEmpty();
        assertThat(sightings.unnamed("payments", "production")).isEqualTo(2);
    }

    @Test
    void an_instance_id_breaking_the_rules_makes_the_client_unnamed() {
        for (String bad : new String[] {
            "",
            "x".repeat(129),
            "pay\u00001",
            "pay\r\nSet-Cookie: x",
            "päy-1",
            "pay 1",
            "pay/1",
            "../../etc",
            "pay\u202e1"
        }) {
            poll(bad, "zone=eu-1", A1);
        }

        assertThat(sightings.named("payments", "production")).isEmpty();
        assertThat(sightings.unnamed("payments", "production")).isEqualTo(1);
        poll("x".repeat(128), null, A1);
        assertThat(sightings.named("payments", "production")).hasSize(1);
    }

    @Test
    void labels_breaking_the_rules_are_left_out_and_the_instance_still_recorded() {
        String thousandLabels =
                IntStream.range(0, 1000).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        String twentyOne = IntStream.range(0, 21).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        String[] bad = {
            thousandLabels,
            twentyOne,
            "zone=" + "x".repeat(600),
            "zone=eu\u00001",
            "zone=éu",
            "zone",
            "=eu",
            "zone=eu,",
            ",zone=eu",
            "zone=eu=1",
            "zone=eu;canary=true",
            " zone=eu"
        };
        for (int i = 0; i < bad.length; i++) {
            poll("pay-" + i, bad[i], A1);
        }

        assertThat(sightings.named("payments", "production"))
                .hasSize(bad.length)
                .allSatisfy(s -> assertThat(s.labelMap()).isEmpty());
        String twenty = IntStream.range(0, 20).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        poll("good", twenty, A1);
        poll("path", "image=registry/app:1.2,empty=", A1);
        assertThat(sightings.named("payments", "production"))
                .filteredOn(s -> s.instance().equals("good"))
                .singleElement()
                .satisfies(s -> assertThat(s.labelMap()).hasSize(20));
        assertThat(sightings.named("payments", "production"))
                .filteredOn(s -> s.instance().equals("path"))
                .singleElement()
                .satisfies(s -> assertThat(s.labelMap())
                        .containsExactly(Map.entry("image", "registry/app:1.2"), Map.entry("empty", "")));
    }

    @Test
    void a_sighting_is_forgotten_24_hours_after_the_instance_was_last_seen() {
        poll("pay-1", null, A1);
        poll(null, null, A1);
        clock.advance(Duration.ofHours(23));
        poll("pay-2", null, A1);
        clock.advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(sightings.named("payments", "production"))
                .extracting(Sighting::instance)
                .containsExactly("pay-2");
        assertThat(sightings.unnamed("payments", "production")).isZero();
        sightings.forgetExpired();
        assertThat(sightings.size()).isEqualTo(1);
    }

    @Test
    void past_the_capacity_the_instances_unseen_the_longest_are_forgotten_first() {
        for (int i = 0; i < 1000; i++) {
            poll("pay-" + i, null, A1);
            clock.advance(Duration.ofMillis(10));
        }
        poll("pay-0", null, B2); // seen again: now the most recent
        poll("newcomer", null, A1);

        assertThat(sightings.size()).isLessThanOrEqualTo(1000);
        var names = sightings.named("payments", "production").stream()
                .map(Sighting::instance)
                .toList();
        assertThat(names).contains("pay-0", "newcomer", "pay-999").doesNotContain("pay-1", "pay-2");
    }

    @Test
    void an_instance_is_stale_when_it_missed_three_of_its_polls_or_five_minutes_after_one_sighting() {
        poll("once", null, A1);
        poll("polling", null, A1);
        clock.advance(Duration.ofMinutes(2));
        poll("polling", null, A1); // every two minutes

        clock.advance(Duration.ofMinutes(5));
        assertThat(stale("once")).as("seen once, 7 minutes ago").isTrue();
        assertThat(stale("polling"))
                .as("5 minutes: fewer than three missed polls")
                .isFalse();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(stale("polling")).as("over three intervals").isTrue();
    }

    @Test
    void a_fast_poller_is_not_stale_within_a_minute() {
        poll("fast", null, A1);
        clock.advance(Duration.ofSeconds(2));
        poll("fast", null, A1);
        clock.advance(Duration.ofSeconds(50));

        assertThat(stale("fast")).isFalse();
    }

    private boolean stale(String instance) {
        return sightings.named("payments", "production").stream()
                .filter(s -> s.instance().equals(instance))
                .findFirst()
                .orElseThrow()
                .staleAt(clock.now);
    }
}
