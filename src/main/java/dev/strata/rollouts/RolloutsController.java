package dev.strata.rollouts;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Rollout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/rollouts}: those in progress, and completing or aborting one. Started by merging a
 * change request with a {@code rollout} selector ({@code POST /api/v1/change-requests/{id}/merge}).
 */
@RestController
@RequestMapping("/api/v1/rollouts")
class RolloutsController {

    private final Rollouts rollouts;

    RolloutsController(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @GetMapping
    List<RolloutJson> list() {
        return rollouts.all().stream().map(RolloutJson::of).toList();
    }

    @PostMapping("/{app}/{env}/complete")
    Map<String, String> complete(@PathVariable String app, @PathVariable String env) {
        return Map.of(
                "revision",
                rollouts.complete(new AppName(app), new EnvName(env)).id());
    }

    @PostMapping("/{app}/{env}/abort")
    RolloutJson abort(@PathVariable String app, @PathVariable String env) {
        return RolloutJson.of(rollouts.abort(new AppName(app), new EnvName(env)));
    }

    record RolloutJson(
            String app,
            String env,
            long changeRequest,
            @Nullable Map<String, String> labels,
            @Nullable Integer percent,
            String candidate,
            String base,
            String startedBy,
            Instant started) {

        static RolloutJson of(Rollout rollout) {
            Rollout.Selector selector = rollout.selector();
            return new RolloutJson(
                    rollout.target().app().value(),
                    rollout.target().env().value(),
                    rollout.changeRequest(),
                    selector.labels(),
                    selector.percent(),
                    rollout.candidate().id(),
                    rollout.base().id(),
                    rollout.startedBy().username(),
                    rollout.started());
        }
    }
}
