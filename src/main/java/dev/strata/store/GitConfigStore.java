package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
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
import dev.strata.config.InstanceSnapshots;
import dev.strata.config.KeyChange;
import dev.strata.config.LastChange;
import dev.strata.config.Pipeline;
import dev.strata.config.RenderedBranch;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration store on a bare Git repository, {@code <dataDir>/config.git}, branch {@code main}.
 * Reads come from immutable snapshots cached by commit id; writes are compare-and-swap commits
 * that re-apply themselves on a moved branch when they do not overlap, and fail with a
 * {@link ConflictException} when they do. Thread-safe; writes of this process are serialised,
 * writes of other processes (git push) are detected by the compare-and-swap. It wires the
 * collaborators of one job each: {@link StoreOpening} opens the repository, {@link Snapshots} reads
 * and caches, {@link MainWrites} writes, {@link GitHistory} answers history, {@link
 * RepositoryMaintenance} packs, {@link GitChangeRequests} keeps change requests.
 */
public final class GitConfigStore implements ConfigStore, ConfigHistory, AutoCloseable {

    /**
     * A lock file this old at start-up is stale: no other Strata has the data directory, and no git
     * command holds a lock that long (see {@link StaleLocks}).
     */
    public static final Duration DEFAULT_STALE_LOCK_AGE = StaleLocks.GIT_COMMAND_LIMIT;

    /** How long a write keeps trying while the branch moves or a ref it moves stays locked. */
    public static final Duration DEFAULT_WRITE_PATIENCE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(GitConfigStore.class);

    private final Repository repository;
    private final StaleLocks locks;
    private final HeadWatch watch;
    private final Snapshots snapshots;
    private final MainWrites writes;
    private final RepositoryMaintenance maintenance;
    private final GitHistory history;
    private final MainLine mainLine;
    private final GitChangeRequests changeRequests;
    private final RefMover refs;
    /** The remote kept in step, or null. */
    private final GitRemote remote;
    /** Dates the commits this store writes. */
    private final Clock clock;

    private final GitRollouts rollouts;
    /** Told of each commit this store makes on main. */
    private final List<Consumer<Revision>> committedListeners = new CopyOnWriteArrayList<>();

    GitConfigStore(Repository repository, StaleLocks locks, GitRemote remote, Clock clock, Duration writePatience) {
        this.clock = clock;
        this.watch = new HeadWatch(repository);
        this.repository = repository;
        this.locks = locks;
        this.remote = remote;
        this.refs = new AnnouncingRefs(
                remote == null ? new LocalRefs(repository) : remote,
                revision -> committedListeners.forEach(listener -> listener.accept(revision)));
        this.snapshots = new Snapshots(repository, watch);
        this.mainLine = new MainLine(repository);
        this.history = new GitHistory(repository, mainLine);
        this.maintenance = new RepositoryMaintenance(repository, history, snapshots::headId);
        this.writes = new MainWrites(
                repository, snapshots, watch, refs, clock, maintenance::packWritten, remote != null, writePatience);
        this.changeRequests =
                new GitChangeRequests(repository, refs, maintenance::packWritten, clock, writes::commit, writePatience);
        this.rollouts =
                new GitRollouts(repository, refs, maintenance::packWritten, clock, this::snapshot, writes::commit);
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
        return open(dataDir, staleLockAge, remote, clock, DEFAULT_WRITE_PATIENCE);
    }

    /**
     * Opens the store as {@link #open(Path, Duration, RemoteOptions, Clock)} does, its writes trying for
     * {@code writePatience} while the branch moves or a ref stays locked before they fail.
     */
    public static GitConfigStore open(
            Path dataDir, Duration staleLockAge, RemoteOptions remote, Clock clock, Duration writePatience) {
        return StoreOpening.open(dataDir, staleLockAge, remote, clock, writePatience);
    }

    /** Checks that main is there, brings the remote in step, and reads the head once, as opening the store does. */
    void start() throws IOException {
        if (repository.exactRef(RepositoryLayout.MAIN) == null) {
            throw new StoreException("The repository " + repository.getDirectory() + " has no branch main;"
                    + " Strata keeps the configuration on refs/heads/main");
        }
        if (remote != null) {
            remote.start();
        }
        // A rewrite while Strata was down is noticed, and logged, now rather than at the first request
        head();
        watch.clearFalseAlarms();
        maintenance.catchUpHistory(snapshots.foreground());
    }

    /** A store on an empty repository of any kind (tests use an in-memory one), initialised like a new one. */
    static GitConfigStore initialise(Repository repository) throws IOException {
        GitConfigStore store =
                new GitConfigStore(repository, null, null, Clock.systemDefaultZone(), DEFAULT_WRITE_PATIENCE);
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

    /** The snapshots of the instances each Strata instance saw, shared through the remote (if any). */
    public InstanceSnapshots instanceSnapshots() {
        return new GitInstanceSnapshots(repository, remote);
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
    record Together(ChangeSet changes, Alongside alongside) {}

    /**
     * Like {@link #commit(ChangeSet)}, moving main and the refs {@code plan} adds in one atomic
     * transaction (locally, and on the remote with one atomic push): both land or neither.
     * {@code plan} runs on every try, so it decides again after anything moved; it may refuse by
     * throwing. When the change is on main already, only the other refs move.
     */
    CommitResult commit(GitWork<Together> plan) {
        return writes.commit(plan);
    }

    @Override
    public Revision createApplication(AppName app, Schema schema, Author author, String message) {
        return writes.createApplication(app, schema, author, message);
    }

    @Override
    public Revision saveSchema(AppName app, Schema schema, Author author, String message, Revision base) {
        return writes.saveSchema(app, schema, author, message, base);
    }

    @Override
    public Revision savePipeline(Pipeline pipeline, Author author, String message, Revision base) {
        return writes.savePipeline(pipeline, author, message, base);
    }

    @Override
    public Revision replace(
            Map<AppName, Schema> schemas,
            Map<AppEnv, Settings> settings,
            Author author,
            String message,
            Revision base) {
        return writes.replace(schemas, settings, author, message, base);
    }

    @Override
    public Revision restoreSettingsFile(AppEnv target, Revision revision, Author author, String message) {
        return writes.restoreSettingsFile(target, revision, author, message);
    }

    @Override
    public HistoryPage history(HistoryQuery query) {
        ObjectId headId = headId();
        return io(() ->
                history.page(headId, query, HistoryPaths.of(stored(headId, true).snapshot(), query)));
    }

    @Override
    public HistoryEntry commit(Revision revision) {
        if (!onMain(revision)) {
            throw ConfigHistory.notOnMain(revision);
        }
        return io(() -> history.entry(snapshots.commitId(revision)));
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
    public Optional<Map<AppName, LastChange>> lastChanges(Revision from, Revision to, int commits) {
        return io(() -> history.lastChanges(ObjectId.fromString(from.id()), ObjectId.fromString(to.id()), commits));
    }

    @Override
    public List<KeyChange> diff(Revision from, Revision to, AppName app, EnvName env) {
        AppEnv appEnv = new AppEnv(app, env);
        return KeyChange.between(
                snapshots.settingsAt(snapshots.commitId(from), appEnv),
                snapshots.settingsAt(snapshots.commitId(to), appEnv));
    }

    @Override
    public List<HistoryRewrite> rewrites() {
        headId();
        return io(watch::rewrites);
    }

    /**
     * Packs objects and refs and writes the commit-graph, then saves the keys the newest commits
     * changed, as {@link RepositoryMaintenance#maintain()} describes; safe while serving.
     */
    public void maintain() {
        maintenance.maintain();
    }

    /** The background catch-up of the history's commit-graph and changed keys that {@link #open} started, or null. */
    HistoryIndexing historyIndexing() {
        return maintenance.indexing();
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
        watch.close();
        maintenance.close();
        repository.close();
        if (locks != null) {
            release(locks, repository.getDirectory().toPath().getParent());
        }
    }

    static void release(StaleLocks locks, Path dataDir) {
        try {
            locks.close();
        } catch (IOException e) {
            LOG.warn("Releasing the instance lock of {} failed: {}", dataDir, e.toString());
        }
    }

    private ObjectId headId() {
        return snapshots.headId();
    }

    private StoredSnapshot stored(ObjectId commitId, boolean head) {
        return snapshots.stored(commitId, head);
    }

    private <T> T io(GitWork<T> work) {
        return snapshots.io(work);
    }

    /** Work on the repository that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface GitWork<T> {
        T run() throws IOException;
    }
}
