package dev.strata.serving;

import dev.strata.config.Revision;
import dev.strata.instances.InstanceHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /config/{app}/{profiles}[/{label}]}: the Spring Cloud Config server protocol, so a
 * Spring Boot application needs only {@code spring.config.import=configserver:http://host/config}.
 * Profiles are environments (comma-separated; later ones win); the label, if any, is a revision.
 * Spring's {@code default} profile names no environment and contributes nothing, as a Spring Cloud
 * Config server answers for a profile it has no files for; it is answered only to a token that may
 * fetch the application in some environment. A label is a commit of main.
 * <p>
 * Each layer of the resolution is a property source of its own, so that Spring's
 * {@code /actuator/env} shows where a value comes from: for each profile, later ones first, the
 * application's values ({@code strata:<app>/<env>}, always present), then the values of each shared
 * set it includes that has any, highest first ({@code strata:shared/<set>/<env>}); below all of
 * them the schema defaults, the application's ({@code strata:defaults/<app>}) before each set's
 * ({@code strata:defaults/<set>}).
 */
@RestController
class SpringCloudConfigController {

    private static final String DEFAULT_PROFILE = "default";

    private final ConfigServing serving;

    SpringCloudConfigController(ConfigServing serving) {
        this.serving = serving;
    }

    /** Spring Cloud Config's {@code Environment} document. */
    record Environment(
            String name,
            List<String> profiles,
            String label,
            String version,
            String state,
            List<PropertySource> propertySources) {}

    record PropertySource(String name, Map<String, Object> source) {}

    private static String defaultsName(ResolvedConfig.Layer layer) {
        return "strata:defaults/" + layer.holder();
    }

    @GetMapping({"/config/{app}/{profiles}", "/config/{app}/{profiles}/{label}"})
    Environment environment(
            @PathVariable String app,
            @PathVariable String profiles,
            @PathVariable(required = false) String label,
            @RequestHeader(name = InstanceHeaders.INSTANCE, required = false) String instance,
            @RequestHeader(name = InstanceHeaders.LABELS, required = false) String labels) {
        List<String> requested = Arrays.stream(profiles.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .toList();
        List<String> envs =
                requested.stream().filter(p -> !p.equals(DEFAULT_PROFILE)).toList();
        // Without an environment (Spring's default profile, or none) the token must still reach the
        // application, and its scope is checked before whether it exists, as for every other form
        if (envs.isEmpty()) {
            serving.checkScope(app);
        }
        envs.forEach(env -> serving.checkScope(app, env));
        // a rollout selects per environment: with several profiles, the document has one version, main's
        Revision revision = label != null && !label.equals("main")
                ? serving.past(label)
                : envs.size() == 1 ? serving.served(app, envs.getFirst(), instance, labels) : serving.head();
        if (envs.isEmpty()) {
            serving.checkExists(app, revision);
        }
        List<PropertySource> sources = new ArrayList<>();
        List<PropertySource> defaults = new ArrayList<>();
        for (String env : envs.reversed()) {
            for (ResolvedConfig.Layer layer :
                    serving.resolve(app, env, revision).layers()) {
                switch (layer.kind()) {
                    case APP -> sources.add(new PropertySource("strata:" + app + "/" + env, layer.typed()));
                    case SHARED -> {
                        if (!layer.values().isEmpty()) {
                            sources.add(
                                    new PropertySource("strata:shared/" + layer.holder() + "/" + env, layer.typed()));
                        }
                    }
                    case DEFAULT -> {
                        // the same in every environment: once, below every environment's values
                        if (!layer.values().isEmpty()
                                && defaults.stream().noneMatch(d -> d.name().equals(defaultsName(layer)))) {
                            defaults.add(new PropertySource(defaultsName(layer), layer.typed()));
                        }
                    }
                }
            }
        }
        sources.addAll(defaults);
        return new Environment(app, requested, label, revision.id(), "", sources);
    }
}
