package dev.strata.store;

import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.RolloutStore;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import dev.strata.formats.YamlScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * {@value #FILE}: who started it, when, and which instances it selects. Starting, completing and
 * aborting each move that ref and the change request's record (an event saying what happened) in
 * one atomic ref transaction; completing moves main too. The ref is deleted when the rollout ends,
 * so what is in progress is exactly what the refs say, here and on every Strata instance that
 * fetches them.
 */
public final class GitRollouts implements RolloutStore {

    private static final Logger LOG = LoggerFactory.getLogger(GitRollouts.class);
    static final String REFS = "refs/strata/rollouts/";
    static final String FILE = "rollout.yaml";
    private static final Set<String> FIELDS = Set.of(
            "changeRequest",
            "app",
            "env",
            "labels",
            "percent",
            "candidate",
            "base",
            "startedBy",
            "name",
            "email",
            "started");
    private static final Duration WRITE_PATIENCE = Duration.ofSeconds(10);

    private final Repository repository;
    private final RefMover refs;
    private final Runnable packWritten;
    private final Clock clock;
    private final Function<Revision, ConfigSnapshot> snapshots;
    private final GitChangeRequests.MainCommits main;
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
                        next(changes, head),
                        schemaOf(snapshots.apply(head), target.app()).schema(),
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
                        Map.of(FILE, yaml(rollout)),
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
        ChangeSet changes = candidateChange(rollout);
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

    /** The settings the candidate holds: main's with the change, refused as a merge would be. */
    private Settings next(ChangeSet changes, Revision head) {
        AppEnv target = changes.appEnv();
        ConfigSnapshot snapshot = snapshots.apply(head);
        Application application = schemaOf(snapshot, target.app());
        if (!snapshot.pipeline().contains(target.env())) {
            throw new NotFoundException("environment " + target.env() + " is not in strata.yaml");
        }
        snapshot.error(target.app(), target.env()).ifPresent(error -> {
            throw new ValidationException(
                    RepositoryLayout.settings(target), error.message() + "; repair the file through Git first");
        });
        Settings current = snapshot.settings(target.app(), target.env());
        Settings base = changes.base().equals(head)
                ? current
                : snapshots.apply(changes.base()).settings(target.app(), target.env());
        List<KeyConflict> conflicts = new ArrayList<>();
        for (KeyChange change : KeyChange.between(base, current)) {
            if (changes.set().containsKey(change.key()) || changes.unset().contains(change.key())) {
                conflicts.add(new KeyConflict(
                        change.key(),
                        change.before(),
                        change.after(),
                        changes.set().get(change.key())));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(target, head, conflicts);
        }
        List<Problem> problems = application.schema().validateChange(changes.set(), changes.unset());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Settings next = current.with(changes.set(), changes.unset());
        if (next.equals(current)) {
            throw new ConflictException(
                    "Main holds this change already: there is nothing to roll out; merge it for everyone.", head);
        }
        return next;
    }

    /** What the candidate changes in its application and environment, as a change to commit on main. */
    private ChangeSet candidateChange(Rollout rollout) {
        AppEnv target = rollout.target();
        Settings before = snapshots.apply(rollout.base()).settings(target.app(), target.env());
        Settings after = snapshots.apply(rollout.candidate()).settings(target.app(), target.env());
        TreeMap<SettingKey, String> set = new TreeMap<>();
        TreeSet<SettingKey> unset = new TreeSet<>();
        for (KeyChange change : KeyChange.between(before, after)) {
            if (change.kind() == KeyChange.Kind.REMOVED) {
                unset.add(change.key());
            } else {
                set.put(change.key(), change.after());
            }
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit =
                    walk.parseCommit(ObjectId.fromString(rollout.candidate().id()));
            PersonIdent author = commit.getAuthorIdent();
            return new ChangeSet(
                    target.app(),
                    target.env(),
                    set,
                    unset,
                    commit.getFullMessage(),
                    new Author(author.getName(), author.getEmailAddress()),
                    rollout.base());
        } catch (IOException e) {
            throw failed(e);
        }
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

    private static Application schemaOf(ConfigSnapshot snapshot, AppName app) {
        return snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
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

    static byte[] yaml(Rollout rollout) {
        StringBuilder yaml = new StringBuilder(256);
        line(yaml, "changeRequest", Long.toString(rollout.changeRequest()));
        line(yaml, "app", rollout.target().app().value());
        line(yaml, "env", rollout.target().env().value());
        if (rollout.selector().percent() != null) {
            line(yaml, "percent", rollout.selector().percent().toString());
        } else {
            line(yaml, "labels", rollout.selector().toString());
        }
        line(yaml, "candidate", rollout.candidate().id());
        line(yaml, "base", rollout.base().id());
        line(yaml, "startedBy", rollout.startedBy().username());
        line(yaml, "name", rollout.startedBy().name());
        line(yaml, "email", rollout.startedBy().author().email());
        line(yaml, "started", rollout.started().toString());
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder yaml, String field, String value) {
        yaml.append(field).append(": ").append(YamlScalar.string(value)).append('\n');
    }

    private Rollout read(ObjectId tip) {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit commit = walk.parseCommit(tip);
            byte[] bytes = Blobs.bytesAt(reader, commit.getTree(), FILE);
            if (bytes == null || commit.getParentCount() != 1) {
                throw new StoreException("the commit " + tip.name() + " is no rollout record");
            }
            Map<?, ?> top = YamlTree.map(YamlTree.read(bytes), FILE);
            YamlTree.unknownFields(top, FIELDS, FILE);
            String labels = YamlTree.scalar(top.get("labels"), "labels");
            String percent = YamlTree.scalar(top.get("percent"), "percent");
            Rollout.Selector selector = labels != null
                    ? Rollout.Selector.byLabels(labelsOf(labels))
                    : Rollout.Selector.byPercent(Integer.parseInt(required(top, "percent", percent)));
            Revision candidate = new Revision(required(top, "candidate", null));
            if (!candidate.id().equals(commit.getParent(0).name())) {
                throw new StoreException(
                        "the rollout record " + tip.name() + " names a candidate that is not its parent");
            }
            return new Rollout(
                    new AppEnv(new AppName(required(top, "app", null)), new EnvName(required(top, "env", null))),
                    Long.parseLong(required(top, "changeRequest", null)),
                    selector,
                    candidate,
                    new Revision(required(top, "base", null)),
                    new Actor(
                            required(top, "startedBy", null),
                            new Author(required(top, "name", null), required(top, "email", null))),
                    Instant.parse(required(top, "started", null)));
        } catch (IOException e) {
            throw failed(e);
        } catch (UnreadableFileException | RuntimeException e) {
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("The rollout record " + tip.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String required(Map<?, ?> top, String field, String known) throws UnreadableFileException {
        String value = known != null ? known : YamlTree.scalar(top.get(field), field);
        if (value == null) {
            throw new UnreadableFileException("has no " + field);
        }
        return value;
    }

    private static Map<String, String> labelsOf(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("labels are key=value, not '" + pair + "'");
            }
            labels.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return labels;
    }

    private static PersonIdent ident(Actor actor) {
        return new PersonIdent(actor.name(), actor.author().email());
    }

    private StoreException failed(IOException e) {
        return new StoreException("The repository " + repository.getDirectory() + " failed: " + e.getMessage(), e);
    }
}
