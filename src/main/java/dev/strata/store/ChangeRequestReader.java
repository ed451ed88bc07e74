package dev.strata.store;

import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.KeyChange;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Reads a change request back from the repository: its events from the chain of commits of its
 * record, and its proposal from how its branch's commit changes the target's settings file. What
 * it read is kept by the record's tip, which fixes everything about one. {@link GitChangeRequests}
 * writes them.
 */
final class ChangeRequestReader {

    private static final int CACHED = 512;

    private final Repository repository;
    /** Change requests by the tip of their record: a record tip fixes everything about one. */
    private final Map<ObjectId, ChangeRequest> cache = new ConcurrentHashMap<>();

    ChangeRequestReader(Repository repository) {
        this.repository = repository;
    }

    /** Change request {@code id} as its record's commit {@code tip} and its branch hold it. */
    ChangeRequest read(long id, ObjectId tip) throws IOException {
        ChangeRequest cached = cache.get(tip);
        if (cached != null) {
            return cached;
        }
        ChangeRequest request = readUncached(id, tip);
        if (cache.size() >= CACHED) {
            cache.clear();
        }
        cache.put(tip, request);
        return request;
    }

    private ChangeRequest readUncached(long id, ObjectId tip) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit commit = walk.parseCommit(tip);
            Map.Entry<Long, ChangeRequest.About> request =
                    ChangeRequestFiles.readRequest(file(reader, commit, ChangeRequestFiles.REQUEST));
            if (request.getKey() != id) {
                throw new UnreadableFileException("names change request " + request.getKey() + ", not " + id);
            }
            List<ChangeRequestEvent> events = new ArrayList<>();
            while (true) {
                ChangeRequestFiles.Event event =
                        ChangeRequestFiles.readEvent(file(reader, commit, ChangeRequestFiles.EVENT));
                PersonIdent who = commit.getAuthorIdent();
                events.add(new ChangeRequestEvent(
                        event.type(),
                        new Actor(event.username(), new Author(who.getName(), who.getEmailAddress())),
                        who.getWhenAsInstant(),
                        event.text(),
                        event.revision()));
                if (commit.getParentCount() == 0) {
                    break;
                }
                commit = walk.parseCommit(commit.getParent(0));
            }
            Collections.reverse(events);
            return new ChangeRequest(
                    id, request.getValue(), proposal(id, request.getValue().appEnv()), events);
        } catch (UnreadableFileException e) {
            throw new StoreException(
                    "The record of change request " + id + " (" + RepositoryLayout.CHANGE_RECORDS + id + ") "
                            + e.getMessage(),
                    e);
        }
    }

    /** The proposal: how the branch's commit changes the target's settings file of its parent, the base. */
    private Proposal proposal(long id, AppEnv target) throws IOException {
        ObjectId tip = branchTip(id);
        if (tip == null) {
            throw new StoreException(
                    "Change request " + id + " has a record but no branch " + RepositoryLayout.CHANGE_BRANCHES + id);
        }
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit proposed = walk.parseCommit(tip);
            RevCommit base = walk.parseCommit(proposed.getParent(0));
            String path = RepositoryLayout.settings(target);
            Settings before = Blobs.settings(reader, Blobs.blobAt(reader, base.getTree(), path));
            Settings after = Blobs.settings(reader, Blobs.blobAt(reader, proposed.getTree(), path));
            if (before == null || after == null) {
                throw new StoreException("The branch " + RepositoryLayout.CHANGE_BRANCHES + id
                        + " holds a settings file that cannot be read");
            }
            TreeMap<SettingKey, String> set = new TreeMap<>();
            TreeSet<SettingKey> unset = new TreeSet<>();
            for (KeyChange change : KeyChange.between(before, after)) {
                if (change.after() == null) {
                    unset.add(change.key());
                } else {
                    set.put(change.key(), change.after());
                }
            }
            return new Proposal(new Revision(base.name()), set, unset);
        }
    }

    private static byte[] file(ObjectReader reader, RevCommit commit, String path)
            throws IOException, UnreadableFileException {
        ObjectId blob = Blobs.blobAt(reader, commit.getTree(), path);
        if (blob == null) {
            throw new UnreadableFileException("lacks " + path + " in commit " + commit.name());
        }
        return SnapshotReader.load(reader, blob);
    }

    /** Where the branch of change request {@code id} points, or null when it has none. */
    ObjectId branchTip(long id) throws IOException {
        Ref ref = repository.exactRef(RepositoryLayout.CHANGE_BRANCHES + id);
        return ref == null ? null : ref.getObjectId();
    }
}
