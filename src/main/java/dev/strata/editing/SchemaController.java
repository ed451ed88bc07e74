package dev.strata.editing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.config.AppName;
import dev.strata.config.KeySpec;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/apps/{app}/schema}: read an application's schema; replace it (admin, or an editor of an owning team). */
@RestController
@RequestMapping("/api/v1/apps/{app}/schema")
class SchemaController {

    private final SchemaService schemas;

    SchemaController(SchemaService schemas) {
        this.schemas = schemas;
    }

    @GetMapping
    SchemaBody read(@PathVariable String app) {
        SchemaService.SchemaAt at = schemas.schema(new AppName(app));
        Map<String, KeyBody> keys = new LinkedHashMap<>();
        at.schema().keys().forEach((key, spec) -> keys.put(key.value(), KeyBody.of(spec)));
        return new SchemaBody(
                at.revision(),
                at.schema().description(),
                at.schema().owners(),
                at.schema().shared(),
                at.schema().includes().stream().map(AppName::value).toList(),
                keys);
    }

    @PutMapping
    SchemaService.SchemaSaved replace(@PathVariable String app, @RequestBody EditSchema request) {
        if (request.baseRevision() == null) {
            throw new ValidationException(
                    "baseRevision", "baseRevision is required: the revision your schema is based on");
        }
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        if (request.keys() != null) {
            request.keys().forEach((key, spec) -> keys.put(new SettingKey(key), spec.toKeySpec()));
        }
        var schema = new Schema(
                request.description(),
                request.owners() == null ? List.of() : request.owners(),
                keys,
                Boolean.TRUE.equals(request.shared()),
                ApplicationsController.includes(request.includes()));
        return schemas.save(new AppName(app), schema, new Revision(request.baseRevision()), request.message());
    }

    record EditSchema(
            String baseRevision,
            String message,
            String description,
            List<String> owners,
            Boolean shared,
            List<String> includes,
            Map<String, ApplicationsController.KeyRequest> keys) {}

    record SchemaBody(
            Revision revision,
            String description,
            List<String> owners,
            boolean shared,
            List<String> includes,
            Map<String, KeyBody> keys) {}

    /** A key of the schema as {@code schemas/<app>.yaml} writes it. */
    record KeyBody(
            String type,
            @JsonProperty("default") String defaultValue,
            boolean required,
            boolean secret,
            boolean envSpecific,
            String description,
            List<String> values) {

        static KeyBody of(KeySpec spec) {
            return new KeyBody(
                    spec.type().schemaName(),
                    spec.defaultValue(),
                    spec.required(),
                    spec.secret(),
                    spec.envSpecific(),
                    spec.description(),
                    spec.values());
        }
    }
}
