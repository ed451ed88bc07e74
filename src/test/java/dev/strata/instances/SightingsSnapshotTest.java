package dev.strata.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.AdjustableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text a Strata instance publishes its sightings in: what is written is read back, and what breaks a rule is refused whole. */
class SightingsSnapshotTest {

    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    private static final long OLDEST = NOW.minus(Sightings.KEEP).toEpochMilli();

    private final AdjustableClock clock = new AdjustableClock(NOW);

    private static String line(String... fields) {
        return SightingsSnapshot.HEADER + "\n" + String.join("\t", fields) + "\n";
    }

    private static Map<Sightings.Key, Sighting> read(String text) throws SightingsSnapshot.Unreadable {
        return SightingsSnapshot.read(text, OLDEST, NOW.toEpochMilli());
    }

    @Test
    void what_is_written_is_read_back_with_labels_intervals_unnamed_clients_and_escaped_backslashes() throws Exception {
        Sightings sightings = new Sightings(clock, Sightings.CAPACITY);
        sightings.record(
                "payments",
                "production",
                "pay-7f9c",
                "zone=eu-1,canary=true",
                REVISION,
                "10.0.3.7\\proxy",
                "payments-production");
        clock.advance(Duration.ofSeconds(30));
        sightings.record(
                "payments",
                "production",
                "pay-7f9c",
                "zone=eu-1,canary=true",
                REVISION,
                "10.0.3.7\\proxy",
                "payments-production");
        sightings.record("payments", "production", null, null, REVISION, "fe80::1%eth0", "payments-production");

        String text = SightingsSnapshot.write(sightings);
        Map<Sightings.Key, Sighting> read = SightingsSnapshot.read(text, OLDEST, clock.millis());

        assertThat(text.lines()).hasSize(3).allMatch(line -> !line.contains("\r"));
        Sighting named = read.get(new Sightings.Key("payments", "production", "pay-7f9c", null));
        assertThat(named.labelMap()).containsEntry("canary", "true");
        assertThat(named.address()).isEqualTo("10.0.3.7\\proxy");
        assertThat(named.interval()).isEqualTo(30_000);
        assertThat(named.lastSeen()).isEqualTo(NOW.plusSeconds(30));
        assertThat(read.get(new Sightings.Key("payments", "production", null, "fe80::1%eth0")))
                .isNotNull();
    }

    @Test
    void a_sighting_older_than_a_day_is_left_out_and_one_from_the_future_counts_as_seen_now() throws Exception {
        long old = OLDEST - 1;
        long future = NOW.plus(Duration.ofDays(365)).toEpochMilli();

        var read = read(SightingsSnapshot.HEADER + "\n"
                + "payments\tproduction\told-1\t\t" + REVISION + "\t" + old + "\t0\t10.0.0.1\tt\n"
                + "payments\tproduction\tahead-1\t\t" + REVISION + "\t" + future + "\t0\t10.0.0.2\tt\n");

        assertThat(read).hasSize(1);
        assertThat(read.values().iterator().next().lastSeen()).isEqualTo(NOW);
    }

    @Test
    void a_line_that_breaks_a_rule_makes_the_whole_snapshot_unreadable() {
        String seen = String.valueOf(NOW.toEpochMilli());
        String[][] hostile = {
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1"},
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1", "t", "extra"},
            {"../etc", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "pay 1", "", REVISION, seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "p".repeat(129), "", REVISION, seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "pay-1", "no-equals", REVISION, seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "", "zone=eu", REVISION, seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "pay-1", "", "", seen, "0", "10.0.0.1", "t"},
            {"payments", "production", "pay-1", "", REVISION, "-5", "0", "10.0.0.1", "t"},
            {"payments", "production", "pay-1", "", REVISION, "9".repeat(40), "0", "10.0.0.1", "t"},
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1\\n", "t"},
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1", "\\q"},
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "10.0.0.1", "bell\u0007"},
            {"payments", "production", "pay-1", "", REVISION, seen, "0", "x".repeat(100_000), "t"},
        };
        for (String[] fields : hostile) {
            String shown = String.join("|", fields);
            assertThatThrownBy(() -> read(line(fields)))
                    .as(shown.substring(0, Math.min(80, shown.length())))
                    .isInstanceOf(SightingsSnapshot.Unreadable.class);
        }
        assertThatThrownBy(() -> read("strata-instances 2\n")).isInstanceOf(SightingsSnapshot.Unreadable.class);
        assertThatThrownBy(() -> read(SightingsSnapshot.HEADER + "\npayments"))
                .isInstanceOf(SightingsSnapshot.Unreadable.class);
    }

    @Test
    void a_snapshot_with_more_lines_than_the_sightings_hold_is_unreadable() {
        String one = "payments\tproduction\t\t\t" + REVISION + "\t" + NOW.toEpochMilli() + "\t0\t10.0.0.1\tt\n";

        assertThatThrownBy(() -> read(SightingsSnapshot.HEADER + "\n" + one.repeat(Sightings.CAPACITY + 1)))
                .isInstanceOf(SightingsSnapshot.Unreadable.class)
                .hasMessageContaining("more than");
    }
}
