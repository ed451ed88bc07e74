package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.Pipeline;
import dev.strata.config.ReadError;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A snapshot together with what it was built from: its tree and every file as read. Keeping the
 * files lets the next snapshot re-read only the paths that changed.
 *
 * @param snapshot the domain view
 * @param tree     the root tree of the commit
 * @param files    Strata's files as read
 */
record StoredSnapshot(ConfigSnapshot snapshot, ObjectId tree, FileIndex files) {

    static StoredSnapshot assemble(Revision revision, ObjectId tree, FileIndex files) {
        Pipeline[] pipeline = {Pipeline.DEFAULT};
        List<ReadError> errors = new ArrayList<>();
        Map<AppName, Schema> schemas = new HashMap<>();
        Map<AppEnv, Settings> settings = new HashMap<>();
        Set<AppName> otherApps = new HashSet<>();
        files.forEach(file -> {
            switch (file) {
                case RepoFile.PipelineFileContent p -> pipeline[0] = p.pipeline();
                case RepoFile.SchemaFileContent s -> schemas.put(s.app(), s.schema());
                case RepoFile.SettingsFileContent s -> {
                    settings.put(s.appEnv(), s.settings());
                    otherApps.add(s.appEnv().app());
                }
                case RepoFile.Unreadable u -> {
                    errors.add(u.error());
                    if (u.error().app() != null) {
                        otherApps.add(u.error().app());
                    }
                }
            }
        });
        if (!files.contains(PipelineFile.PATH)) {
            errors.add(new ReadError(
                    PipelineFile.PATH,
                    null,
                    null,
                    "strata.yaml is missing; the default pipeline dev → staging → production applies"));
        }
        TreeMap<AppName, Application> applications = new TreeMap<>();
        schemas.forEach((app, schema) -> applications.put(app, new Application(app, schema)));
        for (AppName app : otherApps) {
            applications.computeIfAbsent(app, a -> new Application(a, Schema.EMPTY));
        }
        errors.sort((a, b) -> a.path().compareTo(b.path()));
        return new StoredSnapshot(
                new ConfigSnapshot(revision, pipeline[0], applications, settings, errors), tree, files);
    }

    /**
     * This snapshot with the settings file at {@code path} replaced by {@code file}: the common
     * case of a commit, done without re-assembling everything else.
     */
    StoredSnapshot withFile(Revision revision, ObjectId newTree, String path, RepoFile file) {
        FileIndex changed = files.with(Collections.singletonMap(path, file));
        RepoFile old = files.get(path);
        if (file instanceof RepoFile.SettingsFileContent settings
                && (old == null || old instanceof RepoFile.SettingsFileContent)
                && snapshot.applications().containsKey(settings.appEnv().app())) {
            return new StoredSnapshot(
                    snapshot.withSettings(revision, settings.appEnv(), settings.settings()), newTree, changed);
        }
        return assemble(revision, newTree, changed);
    }
}
