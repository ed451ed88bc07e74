package dev.strata.editing;

import dev.strata.api.JsonValues;
import dev.strata.config.AppName;
import dev.strata.config.CommitResult;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/apps/{app}/envs/{env}/settings}: read and change one application in one environment. */
@RestController
@RequestMapping("/api/v1/apps/{app}/envs/{env}/settings")
class SettingsController {

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    SettingsService.EnvironmentSettings read(
            @PathVariable String app, @PathVariable String env, @RequestParam(defaultValue = "false") boolean reveal) {
        return settings.read(new AppName(app), new EnvName(env), reveal);
    }

    @PatchMapping
    Committed change(@PathVariable String app, @PathVariable String env, @RequestBody SettingsPatch request) {
        if (request.baseRevision() == null) {
            throw new ValidationException(
                    "baseRevision", "baseRevision is required: the revision your change is based on");
        }
        TreeMap<SettingKey, String> set = new TreeMap<>();
        if (request.set() != null) {
            request.set().forEach((key, value) -> set.put(new SettingKey(key), JsonValues.text(key, value)));
        }
        TreeSet<SettingKey> unset = new TreeSet<>();
        if (request.unset() != null) {
            request.unset().forEach(key -> unset.add(new SettingKey(key)));
        }
        CommitResult result = settings.change(
                new AppName(app),
                new EnvName(env),
                new Revision(request.baseRevision()),
                request.message(),
                set,
                unset);
        return new Committed(
                result.revision(),
                result.rebased(),
                result.changedByOthers().stream().map(SettingKey::value).toList(),
                settings.credentialWarnings(new AppName(app), set));
    }

    record SettingsPatch(String baseRevision, String message, Map<String, JsonNode> set, List<String> unset) {}

    /**
     * @param revision        the new head
     * @param rebased         others had committed since the base; the change was applied on top of theirs
     * @param changedByOthers the keys they changed meanwhile
     * @param warnings        values committed in plaintext that look like credentials: mark their keys secret
     */
    record Committed(
            Revision revision,
            boolean rebased,
            List<String> changedByOthers,
            List<SettingsService.CredentialWarning> warnings) {}
}
