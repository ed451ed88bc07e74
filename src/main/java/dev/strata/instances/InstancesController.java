package dev.strata.instances;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/apps/{app}/envs/{env}/instances}: the instances seen, the revision each has. */
@RestController
class InstancesController {

    private final InstancesService instances;

    InstancesController(InstancesService instances) {
        this.instances = instances;
    }

    @GetMapping("/api/v1/apps/{app}/envs/{env}/instances")
    InstancesService.Fleet instances(@PathVariable String app, @PathVariable String env) {
        return instances.fleet(new AppName(app), new EnvName(env));
    }
}
