package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.KeyChange;
import dev.strata.config.Problem;
import dev.strata.config.Resolution;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.formats.EnvNames;
import dev.strata.formats.FileFormat;
import dev.strata.formats.FormatError;
import dev.strata.formats.Reading;
import dev.strata.formats.Scalar;
import dev.strata.secrets.Secrets;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * One environment's settings as a file: downloaded in a format, or pasted and compared before an
 * import is committed through {@link SettingsService#change}. Who may do either is decided by the
 * rules of {@link SettingsService}.
 */
@Service
public class SettingsTransfer {

    private final ConfigStore store;
    private final CurrentUser currentUser;
    private final Secrets secrets;

    SettingsTransfer(ConfigStore store, CurrentUser currentUser, Secrets secrets) {
        this.store = store;
        this.currentUser = currentUser;
        this.secrets = secrets;
    }

    /**
     * The settings file of {@code app} in {@code env} at the head revision, in {@code format}.
     * Secret values are included for those who may reveal them and left out for everyone else.
     */
    public Export export(AppName app, EnvName env, FileFormat format) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Schema own = SettingsService.existing(snapshot, app, env).schema();
        boolean withSecrets = person.canEdit(env.value(), own.owners());
        // what serving answers for this revision, in the same writer: the same bytes, secrets and unreadable values
        // aside;
        // inherited values included, as serving includes them
        Resolution resolution = snapshot.resolution(app, env);
        Map<String, Scalar> values = new LinkedHashMap<>();
        secrets.openResolved(env, resolution)
                .values()
                .forEach((key, value) -> values.put(
                        key.value(),
                        Scalar.of(resolution.values().get(key).spec().type(), value)));
        int omitted = 0;
        for (var key : List.copyOf(values.keySet())) {
            Resolution.Value value = resolution.values().get(new SettingKey(key));
            // an inherited secret only for someone who could reveal it in its set too
            boolean mayHave = withSecrets
                    && snapshot.application(value.holder())
                            .map(holder ->
                                    person.canEdit(env.value(), holder.schema().owners()))
                            .orElse(false);
            if (value.spec().secret() && !mayHave) {
                values.remove(key);
                omitted++;
            }
        }
        return new Export(
                app + "-" + env + "." + format.extension(),
                format.mediaType(),
                format.write(values),
                snapshot.revision(),
                omitted);
    }

    /**
     * Reads pasted settings for {@code env} and compares them with what it holds now: nothing is
     * committed here. Keys the text does not mention stay, unless {@code removeOthers}.
     *
     * @throws AccessDeniedException when the person may not commit to {@code env}
     */
    public ImportPreview previewImport(AppName app, EnvName env, FileFormat format, String text, boolean removeOthers) {
        Person person = currentUser.require();
        ConfigSnapshot snapshot = store.snapshot();
        Schema schema = SettingsService.existing(snapshot, app, env).schema();
        EnvironmentPolicy policy = snapshot.pipeline().policy(env).orElseThrow();
        if (!SettingsService.editable(person, schema, policy)) {
            throw new AccessDeniedException(SettingsService.readOnlyReason(person, schema, policy, null));
        }
        Reading parsed = format.read(text);
        Settings current = secrets.openAll(app, env, schema, snapshot.settings(app, env));
        TreeMap<SettingKey, String> set = new TreeMap<>();
        TreeSet<SettingKey> unset = new TreeSet<>();
        if (parsed.errors().isEmpty()) {
            Map<String, String> imported =
                    format == FileFormat.ENV ? byKey(parsed.settings(), schema, current) : parsed.settings();
            imported.forEach((key, value) -> {
                var settingKey = new SettingKey(key);
                if (!value.equals(current.values().get(settingKey))) {
                    set.put(settingKey, value);
                }
            });
            if (removeOthers) {
                current.keys().stream()
                        .filter(key -> !imported.containsKey(key.value()))
                        .forEach(unset::add);
            }
        }
        List<ImportPreview.Change> changes = KeyChange.between(current, current.with(set, unset)).stream()
                .map(change -> ImportPreview.Change.of(
                        change, schema.spec(change.key()).secret()))
                .toList();
        return new ImportPreview(
                snapshot.revision(), changes, parsed.errors(), schema.validateChange(set, unset), set, unset);
    }

    /**
     * The variables of a .env file by the keys they stand for: a key of the schema or of the
     * environment whose variable name it is ({@code SERVER_PORT} sets {@code server.port}), else
     * the name itself.
     */
    private static Map<String, String> byKey(Map<String, String> variables, Schema schema, Settings current) {
        Map<String, String> keyOf = new HashMap<>();
        Stream.concat(schema.keys().keySet().stream(), current.keys().stream())
                .forEach(key -> keyOf.putIfAbsent(EnvNames.of(key.value()), key.value()));
        Map<String, String> byKey = new LinkedHashMap<>();
        variables.forEach((name, value) -> byKey.put(keyOf.getOrDefault(name, name), value));
        return byKey;
    }

    /**
     * What an import would change, before it is committed.
     *
     * @param revision the revision it was compared with: the base of its commit
     * @param changes  the keys it adds, changes or removes (secret values masked)
     * @param errors   mistakes in the text, by line; with any, nothing may be imported
     * @param problems values that do not fit the schema; with any, nothing may be imported
     * @param set      the values to commit
     * @param unset    the keys to remove
     */
    public record ImportPreview(
            Revision revision,
            List<Change> changes,
            List<FormatError> errors,
            List<Problem> problems,
            SortedMap<SettingKey, String> set,
            SortedSet<SettingKey> unset) {

        /**
         * One key the import changes, as shown to the person.
         *
         * @param key      the key
         * @param kind     added, changed or removed
         * @param now      its value now (masked when secret), or null when not set
         * @param imported its value after the import (masked when secret), or null when removed
         */
        public record Change(SettingKey key, KeyChange.Kind kind, String now, String imported) {

            static Change of(KeyChange change, boolean secret) {
                return new Change(
                        change.key(),
                        change.kind(),
                        Secrecy.shown(secret, change.before()),
                        Secrecy.shown(secret, change.after()));
            }
        }

        /** Whether committing it would change something and nothing is wrong with it. */
        public boolean importable() {
            return errors.isEmpty() && problems.isEmpty() && !changes.isEmpty();
        }
    }

    /**
     * One environment's settings as a file.
     *
     * @param fileName       a name for the download: {@code <app>-<env>.<extension>}
     * @param mediaType      its content type
     * @param content        the file
     * @param revision       the revision it was read at
     * @param omittedSecrets secret values left out because the person may not reveal them
     */
    public record Export(String fileName, String mediaType, String content, Revision revision, int omittedSecrets) {}
}
