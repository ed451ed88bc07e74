package dev.strata.store;

import dev.strata.config.Actor;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.CommitResult;
import dev.strata.config.NotFoundException;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jgit.errors.MissingObjectException;
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
 * Change requests in the configuration repository, as PRODUCT.md lays them out: the proposed
 * content on the branch {@code changes/<id>} (one commit on top of the main branch at the
 * proposal's base, holding the target's settings file as it would become), and the review record
 * as an append-only chain of commits under {@code refs/strata/changes/<id>}, one per event,
 * authored by its actor. Both refs move together in one atomic ref transaction that expects their
 * old values, so concurrent writers (of this process or another) never lose an event; the loser
 * re-reads and decides again. Ids are the next number after the highest ever used, and a ref once
 * created is never deleted, so ids are never reused.
 */
public final class GitChangeRequests implements ChangeRequestStore {

    private static final Logger LOG = LoggerFactory.getLogger(GitChangeRequests.class);

    private final Repository repository;
    /** Moves a change request's refs: locally, or on the remote first. */
    private final RefMover refs;
    /** Told of each pack a write adds, so that small packs get merged. */
    private final Runnable packWritten;
    /** Dates the record's commits. */
    private final Clock clock;
    /** Merges commit on main through it. */
    private final MainCommits main;
    /** How long an open or an append keeps trying while others write the same refs. */
    private final Duration writePatience;

    private final ChangeRequestReader reader;

    GitChangeRequests(
            Repository repository,
            RefMover refs,
            Runnable packWritten,
            Clock clock,
            MainCommits main,
            Duration writePatience) {
        this.writePatience = writePatience;
        this.repository = repository;
        this.refs = refs;
        this.packWritten = packWritten;
        this.clock = clock;
        this.main = main;
        this.reader = new ChangeRequestReader(repository);
    }

    /** Commits on main with other refs in one atomic transaction: the store's commit, with its checks and retries. */
    @FunctionalInterface
    interface MainCommits {
        CommitResult commit(GitConfigStore.GitWork<GitConfigStore.Together> plan);
    }

    @Override
    public List<ChangeRequest> all() {
        try {
            List<ChangeRequest> all = new ArrayList<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RepositoryLayout.CHANGE_RECORDS)) {
                Long id = idOf(ref.getName());
                if (id != null) {
                    try {
                        all.add(reader.read(id, ref.getObjectId()));
                    } catch (StoreException e) {
                        // one unreadable record (pushed by hand) must not hide the others
                        LOG.warn("Change request {} is left out of lists: {}", id, e.getMessage());
                    }
                }
            }
            all.sort(Comparator.comparingLong(ChangeRequest::id).reversed());
            return Collections.unmodifiableList(all);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ChangeRequest get(long id) {
        try {
            return reader.read(id, recordTip(id));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ChangeRequest open(ChangeRequest.About about, Proposal proposal, Actor author) {
        if (proposal.isEmpty()) {
            throw new ValidationException("changes", "a change request must change at least one key");
        }
        refs.beforeWrite();
        long deadline = System.nanoTime() + writePatience.toNanos();
        try {
            for (long id = nextId(); ; id++) {
                PersonIdent person = ident(author);
                CommitWriter.Written branch = writeProposal(id, about, proposal, person);
                packWritten.run();
                CommitWriter.Written record = CommitWriter.write(
                        repository,
                        clock,
                        null,
                        Map.of(
                                ChangeRequestFiles.REQUEST, ChangeRequestFiles.writeRequest(id, about),
                                ChangeRequestFiles.EVENT,
                                        ChangeRequestFiles.writeEvent(
                                                ChangeRequestEvent.Type.OPENED, author.username(), null, null)),
                        person,
                        GitConfigStore.serviceIdentity(),
                        author.name() + " opened change request " + id + ": " + about.title());
                packWritten.run();
                if (moveRefs(id, ObjectId.zeroId(), record.id(), ObjectId.zeroId(), branch.id())) {
                    return get(id);
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("Opening a change request kept meeting concurrent ones for "
                            + writePatience.toSeconds() + " s; try again");
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ChangeRequest append(long id, Function<ChangeRequest, Step> decide) {
        refs.beforeWrite();
        long deadline = System.nanoTime() + writePatience.toNanos();
        try {
            while (true) {
                ObjectId tip = recordTip(id);
                ChangeRequest current = reader.read(id, tip);
                Step step = decide.apply(current);
                if (step == null) {
                    return current;
                }
                PersonIdent person = ident(step.actor());
                ObjectId branchOld = reader.branchTip(id);
                ObjectId branchNew = branchOld;
                if (step.proposal() != null) {
                    branchNew = writeProposal(id, current.about(), step.proposal(), person)
                            .id();
                    packWritten.run();
                }
                CommitWriter.Written record;
                try (RevWalk walk = new RevWalk(repository)) {
                    record = CommitWriter.write(
                            repository,
                            clock,
                            walk.parseCommit(tip),
                            Map.of(
                                    ChangeRequestFiles.EVENT,
                                    ChangeRequestFiles.writeEvent(
                                            step.type(), step.actor().username(), step.text(), step.revision())),
                            person,
                            GitConfigStore.serviceIdentity(),
                            summary(id, step));
                }
                packWritten.run();
                if (moveRefs(id, tip, record.id(), branchOld, branchNew)) {
                    return reader.read(id, record.id());
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("The record of change request " + id + " kept moving for "
                            + writePatience.toSeconds() + " s; try again");
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * The merge commit moves main, and its MERGED event the record, in one atomic transaction of the
     * store's commit; the proposal branch stays where it is, as the record of what was proposed.
     */
    @Override
    public ChangeRequest merge(long id, Function<ChangeRequest, Merge> decide) {
        main.commit(() -> {
            ObjectId tip = recordTip(id);
            Merge merge = decide.apply(reader.read(id, tip));
            return new GitConfigStore.Together(merge.changes(), commit -> {
                Step step = new Step(
                        ChangeRequestEvent.Type.MERGED, merge.actor(), merge.text(), new Revision(commit.name()), null);
                CommitWriter.Written record;
                try (RevWalk walk = new RevWalk(repository)) {
                    record = CommitWriter.write(
                            repository,
                            clock,
                            walk.parseCommit(tip),
                            Map.of(
                                    ChangeRequestFiles.EVENT,
                                    ChangeRequestFiles.writeEvent(
                                            step.type(), step.actor().username(), step.text(), step.revision())),
                            ident(step.actor()),
                            GitConfigStore.serviceIdentity(),
                            summary(id, step));
                }
                packWritten.run();
                return List.of(new ReceiveCommand(tip, record.id(), RepositoryLayout.CHANGE_RECORDS + id));
            });
        });
        return get(id);
    }

    private static String summary(long id, Step step) {
        String what = switch (step.type()) {
            case COMMENTED -> "commented on";
            case APPROVED -> "approved";
            case REFRESHED -> "refreshed";
            case MERGED -> "merged";
            case CLOSED -> "closed";
            case REOPENED -> "reopened";
            case OPENED -> "opened";
        };
        return step.actor().name() + " " + what + " change request " + id
                + (step.text() == null ? "" : "\n\n" + step.text());
    }

    private ObjectId recordTip(long id) throws IOException {
        Ref ref = repository.exactRef(RepositoryLayout.CHANGE_RECORDS + id);
        if (ref == null) {
            throw new NotFoundException("There is no change request " + id + ".");
        }
        return ref.getObjectId();
    }

    private long nextId() throws IOException {
        long max = 0;
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RepositoryLayout.CHANGE_RECORDS)) {
            Long id = idOf(ref.getName());
            if (id != null) {
                max = Math.max(max, id);
            }
        }
        return max + 1;
    }

    private static Long idOf(String refName) {
        String rest = refName.substring(RepositoryLayout.CHANGE_RECORDS.length());
        if (rest.isEmpty() || rest.length() > 18 || !rest.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(rest);
    }

    // --- writing

    /** A commit on top of the proposal's base whose target settings file is the proposal applied to it. */
    private CommitWriter.Written writeProposal(
            long id, ChangeRequest.About about, Proposal proposal, PersonIdent author) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit base;
            try {
                base = walk.parseCommit(ObjectId.fromString(proposal.base().id()));
            } catch (MissingObjectException e) {
                throw new NotFoundException("revision " + proposal.base().id() + " is not a commit of this repository");
            }
            String path = RepositoryLayout.settings(about.appEnv());
            Settings current = Blobs.settings(reader, Blobs.blobAt(reader, base.getTree(), path));
            if (current == null) {
                throw new ValidationException(
                        path,
                        "the settings file of " + about.appEnv() + " cannot be read;" + " repair it through Git first");
            }
            Settings next = current.with(proposal.set(), proposal.unset());
            byte[] schemaFile = Blobs.bytesAt(
                    reader,
                    base.getTree(),
                    RepositoryLayout.schema(about.appEnv().app()));
            Schema schema;
            try {
                schema = schemaFile == null ? Schema.EMPTY : SchemaFile.read(schemaFile);
            } catch (UnreadableFileException e) {
                schema = Schema.EMPTY; // values are then written as text, which every reader reads alike
            }
            byte[] file = SettingsFile.write(next, schema, Blobs.bytesAt(reader, base.getTree(), path));
            return CommitWriter.write(
                    repository,
                    clock,
                    base,
                    Map.of(path, file),
                    author,
                    GitConfigStore.serviceIdentity(),
                    about.title() + "\n\nChange-Request: " + id);
        }
    }

    /** Moves the record and the branch of {@code id} together, each only if it is still where it was. */
    private boolean moveRefs(long id, ObjectId recordOld, ObjectId recordNew, ObjectId branchOld, ObjectId branchNew)
            throws IOException {
        List<ReceiveCommand> commands = new ArrayList<>();
        commands.add(new ReceiveCommand(recordOld, recordNew, RepositoryLayout.CHANGE_RECORDS + id));
        if (!branchNew.equals(branchOld)) {
            commands.add(new ReceiveCommand(branchOld, branchNew, RepositoryLayout.CHANGE_BRANCHES + id));
        }
        return refs.move(commands);
    }

    private static PersonIdent ident(Actor actor) {
        return new PersonIdent(actor.name(), actor.author().email());
    }

    private StoreException failed(IOException e) {
        return new StoreException("The repository " + repository.getDirectory() + " failed: " + e.getMessage(), e);
    }
}
