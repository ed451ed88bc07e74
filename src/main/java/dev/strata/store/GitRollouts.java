package dev.strata.store;

import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.RolloutStore;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * Rollouts in the configuration repository: each one in progress is the ref
 * {@code refs/strata/rollouts/<app>/<env>}, pointing at a commit whose only parent is the candidate
 * (the change request's merge commit, which main does not hold) and whose tree adds
 * {@value RolloutFile#NAME}: who started it, when, and which instances it selects. Starting,
 * completing and aborting each move that ref and the change request's record (an event saying what
 * happened) in one atomic ref transaction; completing moves main too. The ref is deleted when the
 * rollout ends, so what is in progress is exactly what the refs say, here and on every Strata
 * instance that fetches them. {@link RolloutFile} reads and writes the file, {@link
 * RolloutCandidates} computes what a candidate holds.
 */
public final class GitRollouts implements RolloutStore {

    private static final Logger LOG = LoggerFactory.getLogger(GitRollouts.class);
    static final String REFS = "refs/strata/rollouts/";
    private static final Duration WRITE_PATIENCE = Duration.ofSeconds(10);

    private final Repository repository;
    private final RefMover refs;
    private final Runnable packWritten;
    private final Clock clock;
    private final Function<Revision, ConfigSnapshot> snapshots;
    private final GitChangeRequests.MainCommits main;
    private final RolloutCandidates candidates;
    /** Rollouts by the commit their ref points at, which fixes everything about one. */
    private final Map<ObjectId, Rollout> cache = new ConcurrentHashMap<>();

    GitRollouts(
            Repository repository,
            RefMover refs,
            Runnable packWritten,
            Clock clock,
            Function<Revision, ConfigSnapshot> snapshots,
            GitChangeRequests.MainCommits main) {
        this.repository = repository;
        this.refs = refs;
        this.packWritten = packWritten;
        this.clock = clock;
        this.snapshots = snapshots;
        this.main = main;
        this.candidates = new RolloutCandidates(repository, snapshots);
    }

    static String ref(AppEnv target) {
        return REFS + target.app() + "/" + target.env();
    }

    @Override
    public List<Rollout> all() {
        try {
            List<Rollout> all = new ArrayList<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(REFS)) {
                try {
                    all.add(cache.computeIfAbsent(ref.getObjectId(), this::read));
                } catch (StoreException e) {
                    // one unreadable record (pushed by hand) must not stop the others from being served
                    LOG.warn("The rollout {} is ignored: {}", ref.getName(), e.getMessage());
                }
            }
            return Collections.unmodifiableList(all);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public Rollout start(long changeRequest, ChangeSet changes, Rollout.Selector selector, Actor actor, String text) {
        AppEnv target = changes.appEnv();
        return write(() -> {
            ObjectId existing = tip(ref(target));
            if (existing != null) {
                throw new ConflictException(
                        "A rollout of change request " + read(existing).changeRequest() + " is in progress for "
                                + target.app() + " in " + target.env() + "; complete or abort it first.",
                        head());
            }
            ObjectId headId = tip(RepositoryLayout.MAIN);
            Revision head = new Revision(headId.name());
            String path = RepositoryLayout.settings(target);
            try (RevWalk walk = new RevWalk(repository);
                    ObjectReader reader = repository.newObjectReader()) {
                RevCommit parent = walk.parseCommit(headId);
                byte[] file = SettingsFile.write(
                        candidates.next(changes, head),
                        RolloutCandidates.application(snapshots.apply(head), target.app())
                                .schema(),
                        Blobs.bytesAt(reader, parent.getTree(), path));
                CommitWriter.Written candidate = CommitWriter.write(
                        repository,
                        clock,
                        parent,
                        Map.of(path, file),
                        new PersonIdent(
                                changes.author().name(), changes.author().email()),
                        GitConfigStore.serviceIdentity(),
                        changes.message());
                Rollout rollout = new Rollout(
                        target,
                        changeRequest,
                        selector,
                        new Revision(candidate.id().name()),
                        head,
                        actor,
                        clock.instant());
                CommitWriter.Written record = CommitWriter.write(
                        repository,
                        clock,
                        walk.parseCommit(candidate.id()),
                        Map.of(RolloutFile.NAME, RolloutFile.write(rollout)),
                        ident(actor),
                        GitConfigStore.serviceIdentity(),
                        "Rollout of change request " + changeRequest + " to " + selector + " in " + target.env());
                ObjectId recordTip = tip(RepositoryLayout.CHANGE_RECORDS + changeRequest);
                ObjectId event =
                        event(walk, changeRequest, recordTip, ChangeRequestEvent.Type.COMMENTED, actor, text, null);
                packWritten.run();
                boolean moved = refs.move(List.of(
                        new ReceiveCommand(ObjectId.zeroId(), record.id(), ref(target)),
                        new ReceiveCommand(recordTip, event, RepositoryLayout.CHANGE_RECORDS + changeRequest)));
                return moved ? rollout : null;
            }
        });
    }

    @Override
    public Revision complete(Rollout rollout, Actor actor, String text) {
        String name = ref(rollout.target());
        long id = rollout.changeRequest();
        ObjectId candidate = ObjectId.fromString(rollout.candidate().id());
        Optional<Revision> fastForward = write(() -> {
            ObjectId tip = inProgress(rollout);
            ObjectId headId = tip(RepositoryLayout.MAIN);
            if (!headId.name().equals(rollout.base().id())) {
                return Optional.empty(); // main moved: merged below instead
            }
            try (RevWalk walk = new RevWalk(repository)) {
                ObjectId recordTip = tip(RepositoryLayout.CHANGE_RECORDS + id);
                ObjectId event =
                        event(walk, id, recordTip, ChangeRequestEvent.Type.MERGED, actor, text, rollout.candidate());
                packWritten.run();
                boolean moved = refs.move(List.of(
                        new ReceiveCommand(headId, candidate, RepositoryLayout.MAIN),
                        new ReceiveCommand(recordTip, event, RepositoryLayout.CHANGE_RECORDS + id),
                        new ReceiveCommand(tip, ObjectId.zeroId(), name)));
                return moved ? Optional.of(rollout.candidate()) : null;
            }
        });
        if (fastForward.isPresent()) {
            return fastForward.get();
        }
        // Others committed on main meanwhile (never into this application and environment, whose
        // merges wait): the candidate's change is committed on main as the merge would have been.
        ChangeSet changes;
        try {
            changes = candidates.change(rollout);
        } catch (IOException e) {
            throw failed(e);
        }
        return main.commit(() -> {
                    ObjectId tip = inProgress(rollout);
                    return new GitConfigStore.Together(changes, commit -> {
                        try (RevWalk walk = new RevWalk(repository)) {
                            ObjectId recordTip = tip(RepositoryLayout.CHANGE_RECORDS + id);
                            ObjectId event = event(
                                    walk,
                                    id,
                                    recordTip,
                                    ChangeRequestEvent.Type.MERGED,
                                    actor,
                                    text,
                                    new Revision(commit.name()));
                            packWritten.run();
                            return List.of(
                                    new ReceiveCommand(recordTip, event, RepositoryLayout.CHANGE_RECORDS + id),
                                    new ReceiveCommand(tip, ObjectId.zeroId(), name));
                        }
                    });
                })
                .revision();
    }

    @Override
    public void abort(Rollout rollout, Actor actor, String text) {
        long id = rollout.changeRequest();
        write(() -> {
            ObjectId tip = inProgress(rollout);
            try (RevWalk walk = new RevWalk(repository)) {
                ObjectId recordTip = tip(RepositoryLayout.CHANGE_RECORDS + id);
                ObjectId event = event(walk, id, recordTip, ChangeRequestEvent.Type.COMMENTED, actor, text, null);
                packWritten.run();
                boolean moved = refs.move(List.of(
                        new ReceiveCommand(recordTip, event, RepositoryLayout.CHANGE_RECORDS + id),
                        new ReceiveCommand(tip, ObjectId.zeroId(), ref(rollout.target()))));
                return moved ? rollout.candidate() : null;
            }
        });
    }

    /** The tip of the rollout's ref, when it still records this rollout. */
    private ObjectId inProgress(Rollout rollout) throws IOException {
        ObjectId tip = tip(ref(rollout.target()));
        if (tip == null || !read(tip).candidate().equals(rollout.candidate())) {
            throw new ConflictException(
                    "The rollout of change request " + rollout.changeRequest() + " to "
                            + rollout.target().app() + " in " + rollout.target().env() + " is no longer in progress.",
                    head());
        }
        return tip;
    }

    private ObjectId event(
            RevWalk walk,
            long id,
            ObjectId recordTip,
            ChangeRequestEvent.Type type,
            Actor actor,
            String text,
            Revision revision)
            throws IOException {
        if (recordTip == null) {
            throw new NotFoundException("There is no change request " + id + ".");
        }
        return CommitWriter.write(
                        repository,
                        clock,
                        walk.parseCommit(recordTip),
                        Map.of(
                                ChangeRequestFiles.EVENT,
                                ChangeRequestFiles.writeEvent(type, actor.username(), text, revision)),
                        ident(actor),
                        GitConfigStore.serviceIdentity(),
                        "Change request " + id + ": " + text)
                .id();
    }

    /** Runs {@code attempt} until it moves its refs (it answers null when one had moved meanwhile). */
    private <T> T write(GitConfigStore.GitWork<T> attempt) {
        refs.beforeWrite();
        long deadline = System.nanoTime() + WRITE_PATIENCE.toNanos();
        try {
            while (true) {
                T done = attempt.run();
                if (done != null) {
                    return done;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException(
                            "The refs of a rollout kept moving for " + WRITE_PATIENCE.toSeconds() + " s; try again");
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private ObjectId tip(String name) throws IOException {
        Ref ref = repository.exactRef(name);
        return ref == null ? null : ref.getObjectId();
    }

    private Revision head() {
        try {
            return new Revision(tip(RepositoryLayout.MAIN).name());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private Rollout read(ObjectId tip) {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit commit = walk.parseCommit(tip);
            byte[] bytes = Blobs.bytesAt(reader, commit.getTree(), RolloutFile.NAME);
            if (bytes == null || commit.getParentCount() != 1) {
                throw new StoreException("the commit " + tip.name() + " is no rollout record");
            }
            Rollout rollout = RolloutFile.read(bytes);
            if (!rollout.candidate().id().equals(commit.getParent(0).name())) {
                throw new StoreException(
                        "the rollout record " + tip.name() + " names a candidate that is not its parent");
            }
            return rollout;
        } catch (IOException e) {
            throw failed(e);
        } catch (UnreadableFileException | RuntimeException e) {
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("The rollout record " + tip.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static PersonIdent ident(Actor actor) {
        return new PersonIdent(actor.name(), actor.author().email());
    }

    private StoreException failed(IOException e) {
        return new StoreException("The repository " + repository.getDirectory() + " failed: " + e.getMessage(), e);
    }
}
