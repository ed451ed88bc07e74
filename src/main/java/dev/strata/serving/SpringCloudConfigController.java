package dev.strata.serving;

import dev.strata.config.Revision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /config/{app}/{profiles}[/{label}]}: the Spring Cloud Config server protocol, so a
 * Spring Boot application needs only {@code spring.config.import=configserver:http://host/config}.
 * Profiles are environments (comma-separated; later ones win); the label, if any, is a revision.
 * Spring's {@code default} profile names no environment and contributes nothing, as a Spring Cloud
 * Config server answers for a profile it has no files for; it is answered only to a token that may
 * fetch the application in some environment. A label is a commit of main.
 */
@RestController
class SpringCloudConfigController {

    private static final String DEFAULT_PROFILE = "default";

    private final ConfigServing serving;

    SpringCloudConfigController(ConfigServing serving) {
        this.serving = serving;
    }

    /** Spring Cloud Config's {@code Environment} document. */
    record Environment(String name, List<String> profiles, String label, String version, String state,
                       List<PropertySource> propertySources) {
    }

    record PropertySource(String name, Map<String, Object> source) {
    }

    @GetMapping({"/config/{app}/{profiles}", "/config/{app}/{profiles}/{label}"})
    Environment environment(@PathVariable String app, @PathVariable String profiles,
                            @PathVariable(required = false) String label) {
        List<String> requested = Arrays.stream(profiles.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        List<String> envs = requested.stream().filter(p -> !p.equals(DEFAULT_PROFILE)).toList();
        // Without an environment (Spring's default profile, or none) the token must still reach the
        // application, and its scope is checked before whether it exists, as for every other form
        if (envs.isEmpty()) {
            serving.checkScope(app);
        }
        envs.forEach(env -> serving.checkScope(app, env));
        Revision revision = label == null || label.equals("main") ? serving.head() : serving.past(label);
        if (envs.isEmpty()) {
            serving.checkExists(app, revision);
        }
        List<PropertySource> sources = new ArrayList<>();
        for (String env : envs.reversed()) {
            sources.add(new PropertySource("strata:" + app + "/" + env, serving.resolve(app, env, revision).typed()));
        }
        return new Environment(app, requested, label, revision.id(), "", sources);
    }
}
