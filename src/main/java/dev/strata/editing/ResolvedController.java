package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/apps/{app}/envs/{env}/resolved}: what the application gets there, with each value's source. */
@RestController
class ResolvedController {

    private final ResolvedSettings resolved;

    ResolvedController(ResolvedSettings resolved) {
        this.resolved = resolved;
    }

    @GetMapping("/api/v1/apps/{app}/envs/{env}/resolved")
    ResolvedSettings.View resolved(
            @PathVariable String app, @PathVariable String env, @RequestParam(defaultValue = "false") boolean reveal) {
        return resolved.resolved(new AppName(app), new EnvName(env), reveal);
    }
}
