package dev.strata.editing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.api.JsonValues;
import dev.strata.config.AppName;
import dev.strata.config.Includes;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/apps}: list applications with their per-environment state; create one (admin). */
@RestController
@RequestMapping("/api/v1/apps")
class ApplicationsController {

    private final ApplicationsService applications;

    ApplicationsController(ApplicationsService applications) {
        this.applications = applications;
    }

    @GetMapping
    ApplicationsService.Overview list() {
        return applications.overview();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@RequestBody CreateApplication request) {
        var app = new AppName(request.name());
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        if (request.keys() != null) {
            request.keys().forEach((key, spec) -> keys.put(new SettingKey(key), spec.toKeySpec()));
        }
        var schema = new Schema(
                request.description() == null ? "" : request.description(),
                request.owners() == null ? List.of() : request.owners(),
                keys,
                Boolean.TRUE.equals(request.shared()),
                includes(request.includes()));
        return new Created(app.value(), applications.create(app, schema));
    }

    /** The shared sets a request names, each a valid application name; none when it names none. */
    static List<AppName> includes(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > Includes.MAX_INCLUDES) {
            throw new ValidationException(
                    "includes",
                    "includes " + names.size() + " sets; at most " + Includes.MAX_INCLUDES + " are allowed");
        }
        return names.stream().map(name -> new AppName(name == null ? "" : name)).toList();
    }

    record CreateApplication(
            String name,
            String description,
            List<String> owners,
            Boolean shared,
            List<String> includes,
            Map<String, KeyRequest> keys) {}

    /** A key of the schema as clients send it; {@code default} may be typed JSON ({@code 8080}) or a string. */
    record KeyRequest(
            String type,
            @JsonProperty("default") JsonNode defaultValue,
            Boolean required,
            Boolean secret,
            Boolean envSpecific,
            String description,
            List<String> values) {

        KeySpec toKeySpec() {
            return new KeySpec(
                    type == null ? KeyType.STRING : KeyType.parse(type),
                    defaultValue == null || defaultValue.isNull() ? null : JsonValues.text("default", defaultValue),
                    Boolean.TRUE.equals(required),
                    Boolean.TRUE.equals(secret),
                    Boolean.TRUE.equals(envSpecific),
                    description,
                    values == null ? List.of() : values);
        }
    }

    record Created(String name, Revision revision) {}
}
