package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.KeySpec;
import dev.strata.config.NotFoundException;
import dev.strata.config.Resolution;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.formats.EnvNames;
import dev.strata.secrets.Secrets;
import dev.strata.security.Person;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds the {@link SettingsTable} of one application: a column per environment of the pipeline
 * with what the person may do there, and a row per key with each environment's own value, what it
 * inherits from shared sets and from where, whether it differs from the environment before, and
 * its problems. Secrets are opened only to compare them and are masked in every cell.
 */
final class SettingsTables {

    private final Secrets secrets;

    SettingsTables(Secrets secrets) {
        this.secrets = secrets;
    }

    /** The table of {@code app} at {@code snapshot} as {@code person} sees it. */
    SettingsTable table(Person person, ConfigSnapshot snapshot, AppName app) {
        Schema schema = snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."))
                .schema();
        List<EnvName> environments = snapshot.pipeline().names();

        List<SettingsTable.Column> columns = new ArrayList<>();
        List<Settings> settings = new ArrayList<>();
        List<Resolution> resolutions = new ArrayList<>();
        List<Settings> resolved = new ArrayList<>();
        TreeSet<SettingKey> keys = new TreeSet<>(schema.keys().keySet());
        for (EnvName env : environments) {
            EnvironmentPolicy policy = snapshot.pipeline().policy(env).orElseThrow();
            String error = snapshot.error(app, env).map(e -> e.message()).orElse(null);
            // editors change protected environments too: their draft becomes a change request
            boolean mayEdit = person.canEdit(env.value(), schema.owners());
            boolean editable = error == null && mayEdit;
            columns.add(new SettingsTable.Column(
                    env,
                    policy.isProtected(),
                    editable,
                    mayEdit,
                    editable ? null : SettingsService.readOnlyReason(person, schema, policy, error),
                    error,
                    person.canApprove(env.value(), schema.owners())));
            Settings inEnv = snapshot.settings(app, env);
            // opened, so that equal secrets compare equal; they are masked again below
            settings.add(secrets.openAll(app, env, schema, inEnv));
            keys.addAll(inEnv.keys());
            Resolution resolution = snapshot.resolution(app, env);
            resolutions.add(resolution);
            resolved.add(secrets.openResolved(env, resolution));
            keys.addAll(resolution.values().keySet()); // inherited keys too
        }
        // the keys the sets declare, below the application's own declarations
        Schema merged = resolutions.isEmpty() ? schema : resolutions.getFirst().schema();
        Map<String, String> clashes = new HashMap<>();
        if (!resolutions.isEmpty()) {
            resolutions.getFirst().problems().forEach(clash -> clashes.put(clash.subject(), clash.message()));
        }

        Map<String, String> envNameClashes = new HashMap<>();
        EnvNames.clashes(keys.stream().map(SettingKey::value).toList())
                .forEach(clash -> envNameClashes.put(clash.subject(), clash.message()));
        List<SettingsTable.Row> rows = new ArrayList<>(keys.size());
        for (SettingKey key : keys) {
            KeySpec spec = merged.spec(key);
            List<SettingsTable.Cell> cells = new ArrayList<>(environments.size());
            String previousEffective = null;
            for (int i = 0; i < environments.size(); i++) {
                String value = settings.get(i).values().get(key);
                Resolution.Value from = resolutions.get(i).values().get(key);
                Resolution.Value inheritedValue =
                        resolutions.get(i).inherited(key).orElse(null);
                // opened when it is what the application gets (masked below); as stored when overridden
                String inherited = inheritedValue == null
                        ? null
                        : inheritedValue == from ? resolved.get(i).values().get(key) : inheritedValue.value();
                // what the application gets: its own value, else the inherited one, else a default
                String effective = value != null
                        ? value
                        : inherited != null
                                ? inherited
                                : from != null ? resolved.get(i).values().get(key) : null;
                boolean differs = i > 0 && !spec.envSpecific() && !Objects.equals(previousEffective, effective);
                String stored =
                        snapshot.settings(app, environments.get(i)).values().get(key);
                String secretProblem = spec.secret() ? secrets.problem(app, environments.get(i), key, stored) : null;
                String problem = secretProblem != null
                        ? secretProblem
                        : value == null && inherited != null ? null : problem(spec, value);
                if (problem == null && value != null) {
                    problem = clashes.get(key.value());
                }
                if (problem == null && effective != null) {
                    problem = envNameClashes.get(key.value()); // served as .env, one would silently overwrite the other
                }
                boolean secretInherited =
                        inheritedValue != null && inheritedValue.spec().secret();
                cells.add(new SettingsTable.Cell(
                        environments.get(i),
                        Secrecy.shown(spec, value),
                        spec.defaultValue(),
                        differs,
                        problem,
                        Secrecy.shown(secretInherited || spec.secret(), inherited),
                        inheritedValue == null ? null : inheritedValue.holder().value()));
                previousEffective = effective;
            }
            rows.add(new SettingsTable.Row(key, spec, merged.keys().containsKey(key), cells));
        }
        return new SettingsTable(app.value(), snapshot.revision(), schema, columns, rows);
    }

    private static String problem(KeySpec spec, String value) {
        if (value == null) {
            return spec.required() && spec.defaultValue() == null ? "required, but has no value and no default" : null;
        }
        return spec.problem(value);
    }
}
