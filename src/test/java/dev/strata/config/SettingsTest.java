package dev.strata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final SettingKey PORT = new SettingKey("server.port");
    private static final SettingKey URL = new SettingKey("DATABASE_URL");
    private static final Revision BASE = new Revision("0123456789abcdef0123456789abcdef01234567");
    private static final Author ALICE = new Author("Alice", "alice@example.com");

    @Test
    void settings_are_sorted_by_key_and_immutable() {
        Settings settings = Settings.of(Map.of("b", "2", "a", "1", "C", "3"));
        assertThat(settings.keys()).extracting(SettingKey::value).containsExactly("C", "a", "b");
        assertThatThrownBy(() -> settings.values().put(PORT, "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_value_of_64_KiB_is_accepted_and_one_byte_more_is_refused_with_the_key_named() {
        assertThat(Settings.of(Map.of("big", "x".repeat(65536))).size()).isEqualTo(1);
        assertThatThrownBy(() -> Settings.of(Map.of("big", "x".repeat(65537))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("big: value is 65537 bytes of UTF-8; at most 65536 (64 KiB) are allowed");
    }

    @Test
    void value_size_counts_utf8_bytes_not_characters() {
        assertThatThrownBy(() -> Settings.of(Map.of("accents", "é".repeat(32769))))
                .hasMessageContaining("65538 bytes of UTF-8");
        assertThat(Settings.of(Map.of("emoji", "😀".repeat(16384))).size()).isEqualTo(1);
    }

    @Test
    void a_nul_or_an_unpaired_surrogate_in_a_value_is_refused() {
        assertThatThrownBy(() -> Settings.of(Map.of("k", "a\0b"))).hasMessageContaining("NUL character at position 2");
        assertThatThrownBy(() -> Settings.of(Map.of("k", "a\uD800b")))
                .hasMessageContaining("unpaired UTF-16 surrogate");
    }

    @Test
    void a_change_set_must_change_something_and_say_why() {
        assertThatThrownBy(() -> new ChangeSet(
                        new AppName("payments"),
                        new EnvName("dev"),
                        new TreeMap<>(),
                        new TreeSet<>(),
                        " ",
                        ALICE,
                        BASE))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems())
                        .extracting(Problem::subject)
                        .containsExactly("changes", "message"));
    }

    @Test
    void a_change_conflicts_only_on_the_keys_it_touches_that_others_changed_since_its_base() {
        SettingKey timeout = new SettingKey("timeout");
        Settings base = Settings.of(Map.of("server.port", "8080", "DATABASE_URL", "db", "timeout", "5"));
        Settings current = Settings.of(Map.of("server.port", "9090", "timeout", "5", "added", "x"));
        var change = new ChangeSet(
                new AppName("payments"),
                new EnvName("dev"),
                new TreeMap<>(Map.of(PORT, "8081", timeout, "10")),
                new TreeSet<>(Set.of(URL)),
                "why",
                ALICE,
                BASE);

        assertThat(change.conflictsWith(base, current))
                .containsExactly(new KeyConflict(URL, "db", null, null), new KeyConflict(PORT, "8080", "9090", "8081"));
        assertThat(change.conflictsWith(current, current)).isEmpty();
    }

    @Test
    void a_change_set_refuses_a_key_both_set_and_unset_and_an_oversized_value() {
        assertThatThrownBy(() -> new ChangeSet(
                        new AppName("payments"),
                        new EnvName("dev"),
                        new TreeMap<>(Map.of(PORT, "1", URL, "y".repeat(70_000))),
                        new TreeSet<>(Set.of(PORT)),
                        "why",
                        ALICE,
                        BASE))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems())
                        .extracting(Problem::subject)
                        .containsExactlyInAnyOrder("DATABASE_URL", "server.port"));
    }

    @Test
    void key_changes_between_two_settings_are_added_removed_and_changed() {
        Settings before = Settings.of(Map.of("a", "1", "b", "2", "c", "3"));
        Settings after = Settings.of(Map.of("b", "2", "c", "4", "d", "5"));
        assertThat(KeyChange.between(before, after))
                .containsExactly(
                        new KeyChange(new SettingKey("a"), KeyChange.Kind.REMOVED, "1", null),
                        new KeyChange(new SettingKey("c"), KeyChange.Kind.CHANGED, "3", "4"),
                        new KeyChange(new SettingKey("d"), KeyChange.Kind.ADDED, null, "5"));
        assertThat(KeyChange.between(after, after)).isEmpty();
    }

    @Test
    void a_conflict_names_its_keys_but_never_their_values() {
        ConflictException conflict = new ConflictException(
                new AppEnv(new AppName("payments"), new EnvName("dev")),
                BASE,
                List.of(new KeyConflict(URL, "old-secret", "their-secret", "my-secret")));
        assertThat(conflict.getMessage())
                .contains("DATABASE_URL", "payments/dev")
                .doesNotContain("secret");
        assertThat(conflict.conflicts().getFirst().current()).isEqualTo("their-secret");
    }

    @Test
    void the_pipeline_knows_the_promotion_order() {
        Pipeline pipeline = Pipeline.DEFAULT;
        EnvName staging = new EnvName("staging");
        assertThat(pipeline.previous(staging)).contains(new EnvName("dev"));
        assertThat(pipeline.next(staging)).contains(new EnvName("production"));
        assertThat(pipeline.next(new EnvName("production"))).isEmpty();
        assertThat(pipeline.policy(new EnvName("production")).orElseThrow().requiredApprovals())
                .isEqualTo(2);
        assertThatThrownBy(() -> new Pipeline(
                        List.of(new EnvironmentPolicy(staging, true, 1), new EnvironmentPolicy(staging, false, 0))))
                .hasMessageContaining("staging is listed twice");
    }
}
