package dev.strata.store;

import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.NotFoundException;
import dev.strata.config.Pipeline;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * The store's writes on main: settings (with the refs a merge moves alongside), schemas, the
 * pipeline, replacements and restores. Each is a compare-and-swap commit that re-applies itself on
 * a moved branch when it does not overlap, and fails with a {@link ConflictException} when it does;
 * {@link WriteRetries} runs the tries.
 */
final class MainWrites {

    private final Repository repository;
    private final Snapshots snapshots;
    private final HeadWatch watch;
    private final RefMover refs;
    /** Dates the commits. */
    private final Clock clock;

    private final WriteRetries retries;

    MainWrites(
            Repository repository,
            Snapshots snapshots,
            HeadWatch watch,
            RefMover refs,
            Clock clock,
            Runnable packWritten,
            boolean withRemote,
            Duration writePatience) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.watch = watch;
        this.refs = refs;
        this.clock = clock;
        this.retries = new WriteRetries(repository, snapshots, refs, packWritten, withRemote, writePatience);
    }

    /**
     * Like {@link GitConfigStore#commit(ChangeSet)}, moving main and the refs {@code plan} adds in one atomic
     * transaction (locally, and on the remote with one atomic push): both land or neither.
     * {@code plan} runs on every try, so it decides again after anything moved; it may refuse by
     * throwing. When the change is on main already, only the other refs move.
     */
    CommitResult commit(GitConfigStore.GitWork<GitConfigStore.Together> plan) {
        return retries.run(() -> {
            GitConfigStore.Together together = plan.run();
            ChangeSet changes = together.changes();
            AppEnv appEnv = changes.appEnv();
            String path = RepositoryLayout.settings(appEnv);
            ObjectId baseId = ObjectId.fromString(changes.base().id());
            ObjectId headId = snapshots.headId();
            ConfigSnapshot head = snapshots.stored(headId, true).snapshot();
            Schema schema = existing(head, changes.app()).schema();
            if (!head.pipeline().contains(changes.env())) {
                throw new NotFoundException("environment " + changes.env() + " is not in strata.yaml; environments are "
                        + head.pipeline().names());
            }
            head.error(changes.app(), changes.env()).ifPresent(error -> {
                throw new ValidationException(path, error.message() + "; repair the file through Git first");
            });
            Settings current = head.settings(changes.app(), changes.env());
            boolean rebased = !headId.equals(baseId);
            Settings base = rebased ? snapshots.settingsAt(baseId, appEnv) : current;
            SortedSet<SettingKey> changedByOthers = new TreeSet<>();
            KeyChange.between(base, current).forEach(change -> changedByOthers.add(change.key()));
            List<KeyConflict> conflicts = changes.conflictsWith(base, current);
            if (!conflicts.isEmpty()) {
                // the global registry holds Spring's, and the store is built before any meter binder could wrap it
                Metrics.counter(
                                "strata.conflicts",
                                "app",
                                appEnv.app().value(),
                                "env",
                                appEnv.env().value())
                        .increment();
                throw new ConflictException(appEnv, new Revision(headId.name()), conflicts);
            }
            List<Problem> problems = schema.validateChange(changes.set(), changes.unset());
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            Settings next = current.with(changes.set(), changes.unset());
            if (next.equals(current)) {
                List<ReceiveCommand> alongside = together.alongside().refs(headId);
                if (!alongside.isEmpty() && !refs.move(alongside)) {
                    return null;
                }
                return new CommitResult(new Revision(headId.name()), rebased, changedByOthers);
            }
            RevCommit parent = snapshots.parse(headId);
            PersonIdent author =
                    new PersonIdent(changes.author().name(), changes.author().email());
            byte[] file = SettingsFile.write(next, schema, snapshots.bytesAt(headId, path));
            CommitWriter.Written written = CommitWriter.write(
                    repository,
                    clock,
                    parent,
                    Map.of(path, file),
                    author,
                    GitConfigStore.serviceIdentity(),
                    changes.message());
            List<ReceiveCommand> moves = new ArrayList<>();
            moves.add(new ReceiveCommand(parent, written.id(), RepositoryLayout.MAIN));
            moves.addAll(together.alongside().refs(written.id()));
            if (!refs.move(moves)) {
                return null;
            }
            snapshots.remember(
                    written, snapshots.stored(headId, true), path, new RepoFile.SettingsFileContent(appEnv, next));
            return new CommitResult(new Revision(written.id().name()), rebased, changedByOthers);
        });
    }

    Revision createApplication(AppName app, Schema schema, Author author, String message) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(schema, "schema");
        checkMessage(message);
        String path = RepositoryLayout.schema(app);
        return retries.run(() -> {
            ObjectId headId = snapshots.headId();
            ConfigSnapshot head = snapshots.stored(headId, true).snapshot();
            if (head.application(app).isPresent()) {
                throw new AlreadyExistsException("application " + app + " already exists");
            }
            return writeSchema(headId, path, app, schema, author, message);
        });
    }

    Revision saveSchema(AppName app, Schema schema, Author author, String message, Revision base) {
        Objects.requireNonNull(schema, "schema");
        checkMessage(message);
        String path = RepositoryLayout.schema(app);
        ObjectId baseId = ObjectId.fromString(base.id());
        return retries.run(() -> {
            ObjectId headId = snapshots.headId();
            ConfigSnapshot head = snapshots.stored(headId, true).snapshot();
            existing(head, app);
            if (!headId.equals(baseId)
                    && !Objects.equals(snapshots.blobAt(baseId, path), snapshots.blobAt(headId, path))) {
                throw new ConflictException(
                        "someone else changed the schema of " + app
                                + " since your base revision; reload it and apply your change again",
                        new Revision(headId.name()));
            }
            return writeSchema(headId, path, app, schema, author, message);
        });
    }

    Revision savePipeline(Pipeline pipeline, Author author, String message, Revision base) {
        Objects.requireNonNull(pipeline, "pipeline");
        checkMessage(message);
        ObjectId baseId = ObjectId.fromString(base.id());
        return retries.run(() -> {
            ObjectId headId = snapshots.headId();
            if (!headId.equals(baseId)
                    && !Objects.equals(
                            snapshots.blobAt(baseId, PipelineFile.PATH), snapshots.blobAt(headId, PipelineFile.PATH))) {
                throw new ConflictException(
                        "someone else changed strata.yaml since your base revision; reload the "
                                + "policies and apply your change again",
                        new Revision(headId.name()));
            }
            CommitWriter.Written written = CommitWriter.commit(
                    repository,
                    clock,
                    refs,
                    snapshots.parse(headId),
                    Map.of(PipelineFile.PATH, PipelineFile.write(pipeline)),
                    new PersonIdent(author.name(), author.email()),
                    GitConfigStore.serviceIdentity(),
                    message);
            if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                return null;
            }
            snapshots.remember(
                    written,
                    snapshots.stored(headId, true),
                    PipelineFile.PATH,
                    new RepoFile.PipelineFileContent(pipeline));
            return new Revision(written.id().name());
        });
    }

    Revision replace(
            Map<AppName, Schema> schemas,
            Map<AppEnv, Settings> settings,
            Author author,
            String message,
            Revision base) {
        checkMessage(message);
        Map<String, RepoFile> files = new TreeMap<>();
        schemas.forEach(
                (app, schema) -> files.put(RepositoryLayout.schema(app), new RepoFile.SchemaFileContent(app, schema)));
        settings.forEach((appEnv, values) ->
                files.put(RepositoryLayout.settings(appEnv), new RepoFile.SettingsFileContent(appEnv, values)));
        ObjectId baseId = ObjectId.fromString(base.id());
        return retries.run(() -> {
            ObjectId headId = snapshots.headId();
            ConfigSnapshot head = snapshots.stored(headId, true).snapshot();
            schemas.keySet().forEach(app -> existing(head, app));
            for (AppEnv appEnv : settings.keySet()) {
                existing(head, appEnv.app());
                if (!head.pipeline().contains(appEnv.env())) {
                    throw new NotFoundException(
                            "environment " + appEnv.env() + " is not in strata.yaml; environments are "
                                    + head.pipeline().names());
                }
            }
            if (!headId.equals(baseId)) {
                snapshots.parse(baseId);
                List<String> changed = new ArrayList<>();
                for (String path : files.keySet()) {
                    if (!Objects.equals(snapshots.blobAt(baseId, path), snapshots.blobAt(headId, path))) {
                        changed.add(path);
                    }
                }
                if (!changed.isEmpty()) {
                    throw new ConflictException(
                            "someone else changed " + String.join(", ", changed)
                                    + " since your base revision; reload and try again",
                            new Revision(headId.name()));
                }
            }
            if (files.isEmpty()) {
                return new Revision(headId.name());
            }
            Map<String, byte[]> contents = new TreeMap<>();
            for (Map.Entry<String, RepoFile> file : files.entrySet()) {
                contents.put(
                        file.getKey(),
                        switch (file.getValue()) {
                            case RepoFile.SchemaFileContent schema -> SchemaFile.write(schema.schema());
                            case RepoFile.SettingsFileContent values ->
                                SettingsFile.write(
                                        values.settings(),
                                        schemas.getOrDefault(
                                                values.appEnv().app(),
                                                existing(head, values.appEnv().app())
                                                        .schema()),
                                        snapshots.bytesAt(headId, file.getKey()));
                            default -> throw new IllegalStateException("only schemas and settings are replaced");
                        });
            }
            PersonIdent person = new PersonIdent(author.name(), author.email());
            CommitWriter.Written written = CommitWriter.commit(
                    repository,
                    clock,
                    refs,
                    snapshots.parse(headId),
                    contents,
                    person,
                    GitConfigStore.serviceIdentity(),
                    message);
            if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                return null;
            }
            Revision revision = new Revision(written.id().name());
            if (!written.droppedEntries()) {
                StoredSnapshot next = snapshots.stored(headId, true);
                for (Map.Entry<String, RepoFile> file : files.entrySet()) {
                    next = next.withFile(revision, written.tree(), file.getKey(), file.getValue());
                }
                snapshots.rememberHead(written.id(), next);
            }
            return revision;
        });
    }

    Revision restoreSettingsFile(AppEnv target, Revision revision, Author author, String message) {
        checkMessage(message);
        String path = RepositoryLayout.settings(target);
        ObjectId revertedId = ObjectId.fromString(revision.id());
        return retries.run(() -> {
            ObjectId headId = snapshots.headId();
            RevCommit reverted = snapshots.parse(revertedId);
            String abbreviated = revision.abbreviated();
            if (reverted.getParentCount() == 0) {
                throw new ValidationException(
                        "revision", "commit " + abbreviated + " is the first one; there is nothing to restore");
            }
            try (ObjectReader reader = repository.newObjectReader()) {
                Blobs.Entry after = Blobs.entryAt(reader, reverted.getTree(), path);
                Blobs.Entry before = Blobs.entryAt(
                        reader, snapshots.parse(reverted.getParent(0)).getTree(), path);
                if (Objects.equals(before, after)) {
                    throw new ValidationException("revision", "commit " + abbreviated + " did not change " + path);
                }
                if (!Objects.equals(
                        after, Blobs.entryAt(reader, snapshots.parse(headId).getTree(), path))) {
                    throw new ConflictException(
                            path + " changed again since commit " + abbreviated + "; revert the later commits first",
                            new Revision(headId.name()));
                }
                byte[] content;
                try {
                    // A file that did not exist, or was no file, is given back as an empty one: Strata reads both the
                    // same
                    content = before != null && before.isFile()
                            ? SnapshotReader.load(reader, before.id())
                            : SettingsFile.write(Settings.EMPTY, Schema.EMPTY);
                } catch (UnreadableFileException e) {
                    throw new ValidationException(
                            "revision",
                            path + " could not be read before commit " + abbreviated + " either (" + e.getMessage()
                                    + "); repair it through Git");
                }
                CommitWriter.Written written = CommitWriter.commit(
                        repository,
                        clock,
                        refs,
                        snapshots.parse(headId),
                        Map.of(path, content),
                        new PersonIdent(author.name(), author.email()),
                        GitConfigStore.serviceIdentity(),
                        message);
                if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                    return null;
                }
                watch.saw(written.id());
                return new Revision(written.id().name());
            }
        });
    }

    private Revision writeSchema(
            ObjectId headId, String path, AppName app, Schema schema, Author author, String message)
            throws IOException {
        PersonIdent person = new PersonIdent(author.name(), author.email());
        CommitWriter.Written written = CommitWriter.commit(
                repository,
                clock,
                refs,
                snapshots.parse(headId),
                Map.of(path, SchemaFile.write(schema)),
                person,
                GitConfigStore.serviceIdentity(),
                message);
        if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
            return null;
        }
        snapshots.remember(written, snapshots.stored(headId, true), path, new RepoFile.SchemaFileContent(app, schema));
        return new Revision(written.id().name());
    }

    private static Application existing(ConfigSnapshot snapshot, AppName app) {
        return snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("application " + app + " does not exist; create it first"));
    }

    private static void checkMessage(String message) {
        String problem = ChangeSet.messageProblem(message);
        if (problem != null) {
            throw new ValidationException("message", problem);
        }
    }
}
