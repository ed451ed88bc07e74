package dev.strata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which instances a rollout selects: by labels, or by a stable share of their ids. */
class RolloutSelectorTest {

    @Test
    void a_label_selector_matches_instances_that_carry_every_label_with_the_same_value() {
        var selector = Rollout.Selector.byLabels(Map.of("canary", "true", "zone", "eu-1"));
        assertThat(selector.matches("a", Map.of("canary", "true", "zone", "eu-1", "tier", "web")))
                .isTrue();
        assertThat(selector.matches("a", Map.of("canary", "true"))).isFalse();
        assertThat(selector.matches("a", Map.of("canary", "TRUE", "zone", "eu-1")))
                .isFalse();
        assertThat(selector.matches("a", Map.of())).isFalse();
        assertThat(selector).hasToString("canary=true,zone=eu-1");
    }

    @Test
    void a_percent_selects_about_that_share_of_ids_and_always_the_same_ones() {
        var tenPercent = Rollout.Selector.byPercent(10);
        long selected = IntStream.range(0, 10_000)
                .filter(i -> tenPercent.matches("web-" + i, Map.of()))
                .count();
        assertThat(selected).isBetween(800L, 1_200L);
        IntStream.range(0, 1_000)
                .forEach(i -> assertThat(tenPercent.matches("web-" + i, Map.of()))
                        .isEqualTo(Rollout.Selector.byPercent(10).matches("web-" + i, Map.of("canary", "true"))));
        assertThat(IntStream.range(0, 1_000)
                        .allMatch(i -> Rollout.Selector.byPercent(100).matches("web-" + i, Map.of())))
                .isTrue();
        IntStream.range(0, 1_000)
                .filter(i -> tenPercent.matches("web-" + i, Map.of()))
                .forEach(i -> assertThat(Rollout.Selector.byPercent(50).matches("web-" + i, Map.of()))
                        .as("a larger share keeps the instances of a smaller one")
                        .isTrue());
    }

    @Test
    void selectors_outside_the_rules_are_refused() {
        Map<String, String> thousand = new HashMap<>();
        IntStream.range(0, 1_000).forEach(i -> thousand.put("k" + i, "v"));
        assertThatThrownBy(() -> Rollout.Selector.byLabels(thousand)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byLabels(Map.of())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byLabels(Map.of("a b", "c"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byLabels(Map.of("a", "c\nd")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byLabels(Map.of("a", ""))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byPercent(0)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byPercent(101)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byPercent(-1)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Rollout.Selector(null, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Rollout.Selector.byLabels(Map.of("team/x", "a")))
                .as("a slash only in values")
                .isInstanceOf(ValidationException.class);
        assertThat(Rollout.Selector.byLabels(Map.of("team", "a/b")).labels()).containsEntry("team", "a/b");
    }
}
