package dev.strata.store;

import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.BlameEntry;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.HistoryRewrite;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.LastChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Pipeline;
import dev.strata.config.Problem;
import dev.strata.config.RenderedBranch;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration store on a bare Git repository, {@code <dataDir>/config.git}, branch {@code main}.
 * Reads come from immutable snapshots cached by commit id; writes are compare-and-swap commits
 * that re-apply themselves on a moved branch when they do not overlap, and fail with a
 * {@link ConflictException} when they do. Thread-safe; writes of this process are serialised,
 * writes of other processes (git push) are detected by the compare-and-swap.
 */
public final class GitConfigStore implements ConfigStore, ConfigHistory, AutoCloseable {

    /**
     * A lock file this old at start-up is stale: no other Strata has the data directory, and no git
     * command holds a lock that long (see {@link StaleLocks}).
     */
    public static final Duration DEFAULT_STALE_LOCK_AGE = StaleLocks.GIT_COMMAND_LIMIT;

    private static final Logger LOG = LoggerFactory.getLogger(GitConfigStore.class);
    private static final Duration WRITE_PATIENCE = Duration.ofSeconds(10);
    private static final int CACHED_SNAPSHOTS = 16;

    private final Repository repository;
    private final StaleLocks locks;
    private final SnapshotCache cache = new SnapshotCache(CACHED_SNAPSHOTS);
    private final HeadWatch watch;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object buildLock = new Object();
    private final Object maintenanceLock = new Object();
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("strata-pack-consolidation").factory());
    private final AtomicInteger packsSinceConsolidation = new AtomicInteger();
    private final GitHistory history;
    private final MainLine mainLine;
    private final GitChangeRequests changeRequests;
    private final RefMover refs;
    /** The remote kept in step, or null. */
    private final GitRemote remote;
    /** Dates the commits this store writes. */
    private final Clock clock;
    /** Told of each commit this store makes on main. */
    private final GitRollouts rollouts;
    private final List<Consumer<Revision>> committedListeners = new CopyOnWriteArrayList<>();

    GitConfigStore(Repository repository, StaleLocks locks, GitRemote remote, Clock clock) {
        this.clock = clock;
        this.watch = new HeadWatch(repository);
        this.repository = repository;
        this.locks = locks;
        this.remote = remote;
        this.refs = new AnnouncingRefs(remote == null ? new LocalRefs(repository) : remote,
                revision -> committedListeners.forEach(listener -> listener.accept(revision)));
        this.history = new GitHistory(repository);
        this.mainLine = new MainLine(repository);
        this.changeRequests = new GitChangeRequests(repository, refs, this::consolidatePacksWhenNeeded, clock, this::commit);
        this.rollouts = new GitRollouts(repository, refs, this::consolidatePacksWhenNeeded, clock, this::snapshot, this::commit);
    }

    /** Opens (or creates) the store in {@code dataDir}, clearing the lock files that a crash left. */
    public static GitConfigStore open(Path dataDir) {
        return open(dataDir, DEFAULT_STALE_LOCK_AGE);
    }

    /**
     * Opens (or creates) the store in {@code dataDir}.
     *
     * @param staleLockAge how old a lock file must be to be removed at start-up (a younger one is waited for)
     * @throws StoreException when the data directory or the repository is unusable, or another Strata has it open
     */
    public static GitConfigStore open(Path dataDir, Duration staleLockAge) {
        return open(dataDir, staleLockAge, null);
    }

    /**
     * Opens (or creates, cloning {@code remote} when it has a branch) the store in {@code dataDir},
     * kept in step with {@code remote} (null for none).
     *
     * @throws StoreException when the data directory or the repository is unusable, another Strata has
     *                        it open, or the remote cannot be cloned or is not a Strata repository
     */
    public static GitConfigStore open(Path dataDir, Duration staleLockAge, RemoteOptions remote) {
        return open(dataDir, staleLockAge, remote, Clock.systemDefaultZone());
    }

    /**
     * Opens the store as {@link #open(Path, Duration, RemoteOptions)} does, dating its commits by {@code clock}
     * (demo mode seeds a history over the past weeks with it).
     */
    public static GitConfigStore open(Path dataDir, Duration staleLockAge, RemoteOptions remote, Clock clock) {
        Path dir = ConfigRepository.prepare(dataDir);
        StaleLocks locks = StaleLocks.acquire(dir);
        Repository repository;
        try {
            repository = ConfigRepository.open(dir, remote == null ? fresh -> ConfigRepository.initialCommit(fresh, clock)
                    : fresh -> GitRemote.cloneInto(fresh, remote, clock));
        } catch (RuntimeException e) {
            release(locks, dir);
            throw e;
        }
        GitConfigStore store = null;
        try {
            locks.clear(repository.getDirectory().toPath(), staleLockAge);
            store = new GitConfigStore(repository, locks, remote == null ? null : new GitRemote(repository, remote), clock);
            if (repository.exactRef(RepositoryLayout.MAIN) == null) {
                throw new StoreException("The repository " + repository.getDirectory() + " has no branch main;"
                        + " Strata keeps the configuration on refs/heads/main");
            }
            if (store.remote != null) {
                store.remote.start();
            }
            // A rewrite while Strata was down is noticed, and logged, now rather than at the first request
            store.head();
            store.watch.clearFalseAlarms();
            return store;
        } catch (IOException | StoreException e) {
            if (store != null) {
                store.close();
            } else {
                repository.close();
                release(locks, dir);
            }
            throw e instanceof StoreException storeException ? storeException
                    : new StoreException("The repository " + repository.getDirectory() + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** A store on an empty repository of any kind (tests use an in-memory one), initialised like a new one. */
    static GitConfigStore initialise(Repository repository) throws IOException {
        GitConfigStore store = new GitConfigStore(repository, null, null, Clock.systemDefaultZone());
        if (repository.exactRef(RepositoryLayout.MAIN) == null) {
            repository.updateRef("HEAD").link(RepositoryLayout.MAIN);
            ConfigRepository.initialCommit(repository, store.clock);
        }
        store.head();
        return store;
    }

    /** The change requests kept in the same repository. */
    public GitChangeRequests changeRequests() {
        return changeRequests;
    }

    /** The rollouts in progress, kept in the same repository. */
    public GitRollouts rollouts() {
        return rollouts;
    }

    /** The remote this store keeps in step with, if one is set. */
    public Optional<GitRemote> remote() {
        return Optional.ofNullable(remote);
    }

    /** The branch {@code name} that renderings of main are committed to, moved like main (pushed first, with a remote). */
    public RenderedBranch renderedBranch(String name) {
        return new GitRenderedBranch(repository, refs, remote != null, name);
    }

    /** Strata itself, the committer of every commit it writes. */
    static PersonIdent serviceIdentity() {
        return new PersonIdent("Strata", "strata@localhost");
    }

    @Override
    public Revision head() {
        return new Revision(headId().name());
    }

    /** Calls {@code listener} after each commit this store makes on main (not those a fetch brings). */
    public void whenCommitted(Consumer<Revision> listener) {
        committedListeners.add(listener);
    }

    @Override
    public void whenRefsMove(Runnable listener) {
        repository.getListenerList().addRefsChangedListener(event -> listener.run());
    }

    @Override
    public ConfigSnapshot snapshot() {
        return stored(headId(), true).snapshot();
    }

    @Override
    public ConfigSnapshot snapshot(Revision revision) {
        return stored(ObjectId.fromString(revision.id()), false).snapshot();
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        return commit(() -> new Together(changes, commit -> List.of()));
    }

    /** Refs that move in the same atomic transaction as main, given the commit main moves to. */
    @FunctionalInterface
    interface Alongside {
        List<ReceiveCommand> refs(ObjectId commit) throws IOException;
    }

    /** A commit on main and the refs that move with it (a merge and its review record). */
    record Together(ChangeSet changes, Alongside alongside) {
    }

    /**
     * Like {@link #commit(ChangeSet)}, moving main and the refs {@code plan} adds in one atomic
     * transaction (locally, and on the remote with one atomic push): both land or neither.
     * {@code plan} runs on every try, so it decides again after anything moved; it may refuse by
     * throwing. When the change is on main already, only the other refs move.
     */
    CommitResult commit(GitWork<Together> plan) {
        return write(() -> {
            Together together = plan.run();
            ChangeSet changes = together.changes();
            AppEnv appEnv = changes.appEnv();
            String path = RepositoryLayout.settings(appEnv);
            ObjectId baseId = ObjectId.fromString(changes.base().id());
            ObjectId headId = headId();
            ConfigSnapshot head = stored(headId, true).snapshot();
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
            Settings base = rebased ? settingsAt(baseId, appEnv) : current;
            SortedSet<SettingKey> changedByOthers = new TreeSet<>();
            List<KeyConflict> conflicts = new ArrayList<>();
            for (KeyChange change : KeyChange.between(base, current)) {
                SettingKey key = change.key();
                changedByOthers.add(key);
                if (changes.set().containsKey(key) || changes.unset().contains(key)) {
                    conflicts.add(new KeyConflict(key, change.before(), change.after(), changes.set().get(key)));
                }
            }
            if (!conflicts.isEmpty()) {
                // the global registry holds Spring's, and the store is built before any meter binder could wrap it
                Metrics.counter("strata.conflicts", "app", appEnv.app().value(), "env", appEnv.env().value()).increment();
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
            RevCommit parent = parse(headId);
            PersonIdent author = new PersonIdent(changes.author().name(), changes.author().email());
            byte[] file = SettingsFile.write(next, schema, bytesAt(headId, path));
            CommitWriter.Written written = CommitWriter.write(repository, clock, parent, Map.of(path, file),
                    author, serviceIdentity(), changes.message());
            List<ReceiveCommand> moves = new ArrayList<>();
            moves.add(new ReceiveCommand(parent, written.id(), RepositoryLayout.MAIN));
            moves.addAll(together.alongside().refs(written.id()));
            if (!refs.move(moves)) {
                return null;
            }
            remember(written, stored(headId, true), path, new RepoFile.SettingsFileContent(appEnv, next));
            return new CommitResult(new Revision(written.id().name()), rebased, changedByOthers);
        });
    }

    @Override
    public Revision createApplication(AppName app, Schema schema, Author author, String message) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(schema, "schema");
        checkMessage(message);
        String path = RepositoryLayout.schema(app);
        return write(() -> {
            ObjectId headId = headId();
            ConfigSnapshot head = stored(headId, true).snapshot();
            if (head.application(app).isPresent()) {
                throw new AlreadyExistsException("application " + app + " already exists");
            }
            return writeSchema(headId, path, app, schema, author, message);
        });
    }

    @Override
    public Revision saveSchema(AppName app, Schema schema, Author author, String message, Revision base) {
        Objects.requireNonNull(schema, "schema");
        checkMessage(message);
        String path = RepositoryLayout.schema(app);
        ObjectId baseId = ObjectId.fromString(base.id());
        return write(() -> {
            ObjectId headId = headId();
            ConfigSnapshot head = stored(headId, true).snapshot();
            existing(head, app);
            if (!headId.equals(baseId) && !Objects.equals(blobAt(baseId, path), blobAt(headId, path))) {
                throw new ConflictException("someone else changed the schema of " + app
                        + " since your base revision; reload it and apply your change again", new Revision(headId.name()));
            }
            return writeSchema(headId, path, app, schema, author, message);
        });
    }

    @Override
    public Revision savePipeline(Pipeline pipeline, Author author, String message, Revision base) {
        Objects.requireNonNull(pipeline, "pipeline");
        checkMessage(message);
        ObjectId baseId = ObjectId.fromString(base.id());
        return write(() -> {
            ObjectId headId = headId();
            if (!headId.equals(baseId)
                    && !Objects.equals(blobAt(baseId, PipelineFile.PATH), blobAt(headId, PipelineFile.PATH))) {
                throw new ConflictException("someone else changed strata.yaml since your base revision; reload the "
                        + "policies and apply your change again", new Revision(headId.name()));
            }
            CommitWriter.Written written = CommitWriter.commit(repository, clock, refs, parse(headId),
                    Map.of(PipelineFile.PATH, PipelineFile.write(pipeline)),
                    new PersonIdent(author.name(), author.email()), serviceIdentity(), message);
            if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                return null;
            }
            remember(written, stored(headId, true), PipelineFile.PATH, new RepoFile.PipelineFileContent(pipeline));
            return new Revision(written.id().name());
        });
    }

    @Override
    public Revision replace(Map<AppName, Schema> schemas, Map<AppEnv, Settings> settings, Author author, String message,
                            Revision base) {
        checkMessage(message);
        Map<String, RepoFile> files = new TreeMap<>();
        schemas.forEach((app, schema) -> files.put(RepositoryLayout.schema(app), new RepoFile.SchemaFileContent(app, schema)));
        settings.forEach((appEnv, values) -> files.put(RepositoryLayout.settings(appEnv), new RepoFile.SettingsFileContent(appEnv, values)));
        ObjectId baseId = ObjectId.fromString(base.id());
        return write(() -> {
            ObjectId headId = headId();
            ConfigSnapshot head = stored(headId, true).snapshot();
            schemas.keySet().forEach(app -> existing(head, app));
            for (AppEnv appEnv : settings.keySet()) {
                existing(head, appEnv.app());
                if (!head.pipeline().contains(appEnv.env())) {
                    throw new NotFoundException("environment " + appEnv.env() + " is not in strata.yaml; environments are "
                            + head.pipeline().names());
                }
            }
            if (!headId.equals(baseId)) {
                parse(baseId);
                List<String> changed = new ArrayList<>();
                for (String path : files.keySet()) {
                    if (!Objects.equals(blobAt(baseId, path), blobAt(headId, path))) {
                        changed.add(path);
                    }
                }
                if (!changed.isEmpty()) {
                    throw new ConflictException("someone else changed " + String.join(", ", changed)
                            + " since your base revision; reload and try again", new Revision(headId.name()));
                }
            }
            if (files.isEmpty()) {
                return new Revision(headId.name());
            }
            Map<String, byte[]> contents = new TreeMap<>();
            for (Map.Entry<String, RepoFile> file : files.entrySet()) {
                contents.put(file.getKey(), switch (file.getValue()) {
                    case RepoFile.SchemaFileContent schema -> SchemaFile.write(schema.schema());
                    case RepoFile.SettingsFileContent values -> SettingsFile.write(values.settings(),
                            schemas.getOrDefault(values.appEnv().app(), existing(head, values.appEnv().app()).schema()),
                            bytesAt(headId, file.getKey()));
                    default -> throw new IllegalStateException("only schemas and settings are replaced");
                });
            }
            PersonIdent person = new PersonIdent(author.name(), author.email());
            CommitWriter.Written written = CommitWriter.commit(repository, clock, refs, parse(headId), contents, person,
                    serviceIdentity(), message);
            if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                return null;
            }
            Revision revision = new Revision(written.id().name());
            if (!written.droppedEntries()) {
                StoredSnapshot next = stored(headId, true);
                for (Map.Entry<String, RepoFile> file : files.entrySet()) {
                    next = next.withFile(revision, written.tree(), file.getKey(), file.getValue());
                }
                cache.put(written.id(), next, true);
            }
            return revision;
        });
    }

    @Override
    public Revision restoreSettingsFile(AppEnv target, Revision revision, Author author, String message) {
        checkMessage(message);
        String path = RepositoryLayout.settings(target);
        ObjectId revertedId = ObjectId.fromString(revision.id());
        return write(() -> {
            ObjectId headId = headId();
            RevCommit reverted = parse(revertedId);
            String abbreviated = revision.abbreviated();
            if (reverted.getParentCount() == 0) {
                throw new ValidationException("revision", "commit " + abbreviated + " is the first one; there is nothing to restore");
            }
            try (ObjectReader reader = repository.newObjectReader()) {
                Blobs.Entry after = Blobs.entryAt(reader, reverted.getTree(), path);
                Blobs.Entry before = Blobs.entryAt(reader, parse(reverted.getParent(0)).getTree(), path);
                if (Objects.equals(before, after)) {
                    throw new ValidationException("revision", "commit " + abbreviated + " did not change " + path);
                }
                if (!Objects.equals(after, Blobs.entryAt(reader, parse(headId).getTree(), path))) {
                    throw new ConflictException(path + " changed again since commit " + abbreviated
                            + "; revert the later commits first", new Revision(headId.name()));
                }
                byte[] content;
                try {
                    // A file that did not exist, or was no file, is given back as an empty one: Strata reads both the same
                    content = before != null && before.isFile() ? SnapshotReader.load(reader, before.id())
                            : SettingsFile.write(Settings.EMPTY, Schema.EMPTY);
                } catch (UnreadableFileException e) {
                    throw new ValidationException("revision", path + " could not be read before commit " + abbreviated
                            + " either (" + e.getMessage() + "); repair it through Git");
                }
                CommitWriter.Written written = CommitWriter.commit(repository, clock, refs, parse(headId), Map.of(path, content),
                        new PersonIdent(author.name(), author.email()), serviceIdentity(), message);
                if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
                    return null;
                }
                watch.saw(written.id());
                return new Revision(written.id().name());
            }
        });
    }

    private Revision writeSchema(ObjectId headId, String path, AppName app, Schema schema, Author author,
                                          String message) throws IOException {
        PersonIdent person = new PersonIdent(author.name(), author.email());
        CommitWriter.Written written = CommitWriter.commit(repository, clock, refs, parse(headId),
                Map.of(path, SchemaFile.write(schema)), person, serviceIdentity(), message);
        if (written.outcome() == CommitWriter.Outcome.BRANCH_MOVED) {
            return null;
        }
        remember(written, stored(headId, true), path, new RepoFile.SchemaFileContent(app, schema));
        return new Revision(written.id().name());
    }

    @Override
    public HistoryPage history(HistoryQuery query) {
        ObjectId headId = headId();
        return io(() -> history.page(headId, query, pathsOf(stored(headId, true).snapshot(), query)));
    }

    /** The paths a query is about, for the history walk's path filter; empty for all. */
    private static List<String> pathsOf(ConfigSnapshot head, HistoryQuery query) {
        if (query.app() != null && query.env() != null) {
            return List.of(RepositoryLayout.settings(query.app(), query.env()));
        }
        if (query.env() != null) {
            return List.of(RepositoryLayout.ENVIRONMENTS + query.env().value());
        }
        if (query.app() != null) {
            TreeSet<String> paths = new TreeSet<>();
            paths.add(RepositoryLayout.schema(query.app()));
            head.pipeline().names().forEach(env -> paths.add(RepositoryLayout.settings(query.app(), env)));
            head.settings().keySet().forEach(appEnv -> paths.add(RepositoryLayout.settings(query.app(), appEnv.env())));
            return List.copyOf(paths);
        }
        // A key in any application and environment: nearly every commit touches environments/, so
        // filtering the walk by that directory would only diff every commit's trees twice.
        return List.of();
    }

    @Override
    public HistoryEntry commit(Revision revision) {
        if (!onMain(revision)) {
            throw ConfigHistory.notOnMain(revision);
        }
        return io(() -> history.entry(commitId(revision)));
    }

    @Override
    public boolean onMain(Revision revision) {
        ObjectId headId = headId();
        return io(() -> mainLine.contains(headId, ObjectId.fromString(revision.id())));
    }

    @Override
    public Revision resolve(String prefix) {
        ObjectId headId = headId();
        return io(() -> history.resolve(headId, prefix));
    }

    @Override
    public List<BlameEntry> blame(AppName app, EnvName env) {
        ObjectId headId = headId();
        Settings current = stored(headId, true).snapshot().settings(app, env);
        return io(() -> history.blame(headId, new AppEnv(app, env), current));
    }

    @Override
    public Map<AppName, LastChange> lastChanges(int commits) {
        ObjectId headId = headId();
        return io(() -> history.lastChanges(headId, commits));
    }

    @Override
    public List<KeyChange> diff(Revision from, Revision to, AppName app, EnvName env) {
        AppEnv appEnv = new AppEnv(app, env);
        return KeyChange.between(settingsAt(commitId(from), appEnv), settingsAt(commitId(to), appEnv));
    }

    @Override
    public List<HistoryRewrite> rewrites() {
        headId();
        return io(watch::rewrites);
    }

    /**
     * Packs objects and refs and writes the commit-graph (with changed-path filters), so that reads
     * and history stay fast as commits accumulate, then finds and saves the keys each of the newest
     * commits changed, for key history queries ({@link ChangedKeys}). Safe while serving: objects
     * younger than two weeks are never pruned, so a commit being written keeps its objects, and a
     * commit that meets a ref lock held by the packing retries.
     */
    public void maintain() {
        if (!(repository instanceof FileRepository fileRepository)) {
            return;
        }
        long start = System.nanoTime();
        try {
            synchronized (maintenanceLock) {
                GC gc = new GC(fileRepository);
                gc.setAuto(false);
                gc.gc().get();
            }
            history.rememberChangedKeys(headId());
        } catch (IOException | ParseException | GitAPIException e) {
            throw new StoreException("Maintenance of " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new StoreException("Maintenance of " + repository.getDirectory() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Maintenance of " + repository.getDirectory() + " was interrupted", e);
        }
        LOG.info("Maintained {} in {} ms", repository.getDirectory(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Every commit adds a pack; after {@value PackConsolidation#PACK_LIMIT} of them, the small
     * packs are merged in the background. Commits never wait for it.
     */
    private void consolidatePacksWhenNeeded() {
        if (repository instanceof FileRepository fileRepository
                && packsSinceConsolidation.incrementAndGet() == PackConsolidation.PACK_LIMIT) {
            background.execute(() -> {
                packsSinceConsolidation.set(0);
                try {
                    synchronized (maintenanceLock) {
                        int merged = PackConsolidation.consolidate(fileRepository);
                        LOG.debug("Merged {} packs of {}", merged, repository.getDirectory());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Merging the packs of {} failed; maintenance will repack them: {}", repository.getDirectory(), e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
        watch.close();
        background.shutdown();
        try {
            if (!background.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Merging the packs of {} did not finish; closing anyway", repository.getDirectory());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        repository.close();
        if (locks != null) {
            release(locks, repository.getDirectory().toPath().getParent());
        }
    }

    private static void release(StaleLocks locks, Path dataDir) {
        try {
            locks.close();
        } catch (IOException e) {
            LOG.warn("Releasing the instance lock of {} failed: {}", dataDir, e.toString());
        }
    }

    // --- reading

    private ObjectId headId() {
        try {
            Ref ref = repository.exactRef(RepositoryLayout.MAIN);
            if (ref == null || ref.getObjectId() == null) {
                throw new StoreException("The repository " + repository.getDirectory() + " has no branch main");
            }
            watch.saw(ref.getObjectId());
            return ref.getObjectId();
        } catch (IOException e) {
            throw new StoreException("Reading the branch main of " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        }
    }

    private StoredSnapshot stored(ObjectId commitId, boolean head) {
        StoredSnapshot cached = cache.get(commitId);
        if (cached != null) {
            return cached;
        }
        synchronized (buildLock) {
            cached = cache.get(commitId);
            if (cached != null) {
                return cached;
            }
            StoredSnapshot built = io(() -> {
                RevCommit commit = parse(commitId);
                StoredSnapshot base = cache.latestHead();
                return base == null ? SnapshotReader.readFull(repository, commit)
                        : SnapshotReader.readChanges(repository, base, commit);
            });
            cache.put(commitId, built, head);
            return built;
        }
    }

    /**
     * Caches the snapshot of a commit just written without reading back the file it wrote, and
     * marks it seen at once: a force push that drops it, before anyone read the head again, is a rewrite too.
     */
    private void remember(CommitWriter.Written written, StoredSnapshot parent, String path, RepoFile file) {
        if (!written.droppedEntries()) {
            cache.put(written.id(), parent.withFile(new Revision(written.id().name()), written.tree(), path, file), true);
        }
        watch.saw(written.id());
    }

    private Settings settingsAt(ObjectId commitId, AppEnv appEnv) {
        StoredSnapshot cached = cache.get(commitId);
        if (cached != null) {
            return cached.snapshot().settings(appEnv.app(), appEnv.env());
        }
        return io(() -> {
            try (ObjectReader reader = repository.newObjectReader()) {
                Settings settings = Blobs.settings(reader, blobAt(commitId, RepositoryLayout.settings(appEnv)));
                return settings == null ? Settings.EMPTY : settings;
            }
        });
    }

    private byte[] bytesAt(ObjectId commitId, String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return Blobs.bytesAt(reader, parse(commitId).getTree(), path);
        }
    }

    private ObjectId blobAt(ObjectId commitId, String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return Blobs.blobAt(reader, parse(commitId).getTree(), path);
        }
    }

    private RevCommit parse(ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commitId);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new NotFoundException("revision " + commitId.name() + " is not a commit of this repository");
        }
    }

    private ObjectId commitId(Revision revision) {
        ObjectId id = ObjectId.fromString(revision.id());
        io(() -> parse(id));
        return id;
    }

    private static Application existing(ConfigSnapshot snapshot, AppName app) {
        return snapshot.application(app).orElseThrow(() ->
                new NotFoundException("application " + app + " does not exist; create it first"));
    }

    private static void checkMessage(String message) {
        String problem = ChangeSet.messageProblem(message);
        if (problem != null) {
            throw new ValidationException("message", problem);
        }
    }

    // --- writing

    @FunctionalInterface
    interface GitWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code attempt} (one compare-and-swap try, null when the branch moved) until it succeeds.
     * Writers of this process take turns; against writers of other processes, a random pause
     * between tries keeps one from starving the other.
     */
    private <T> T write(GitWork<T> attempt) {
        writeLock.lock();
        try {
            refs.beforeWrite();
            long deadline = System.nanoTime() + WRITE_PATIENCE.toNanos();
            for (int tries = 1; ; tries++) {
                T outcome = io(attempt);
                if (outcome != null) {
                    consolidatePacksWhenNeeded();
                    return outcome;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("The branch main of " + repository.getDirectory() + " kept moving or stayed"
                            + " locked for " + WRITE_PATIENCE.toSeconds() + " s (" + tries + " tries); try again");
                }
                LOG.debug("Branch main moved during a write; trying again ({})", tries);
                if (remote == null) {
                    pause(tries);
                }
                // With a remote, the fetch after the rejected push was the pause; trying at once is what
                // lets this write win over the other instance's next one, which starts with a fetch of its own.
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void pause(int tries) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(tries, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the branch main", e);
        }
    }

    private <T> T io(GitWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new StoreException("The repository " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        }
    }
}
