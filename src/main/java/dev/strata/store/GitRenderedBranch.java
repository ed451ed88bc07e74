package dev.strata.store;

import dev.strata.config.RenderedBranch;
import dev.strata.config.Revision;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The rendered branch in the configuration repository. Each commit holds the whole rendering (no
 * file is carried over from its parent) and names its source in its message, {@code Render
 * main@<id>}, which is how {@link #pending()} knows where it stands after a restart.
 *
 * <p>With a remote, the branch is moved like main: pushed first, with a lease on where the remote
 * had it at the last fetch, then locally. The remote's branch is the one built on, since another
 * instance on the same remote may have rendered meanwhile; the local one only ever lags it.
 */
final class GitRenderedBranch implements RenderedBranch {

    private static final String SUBJECT = "Render main@";
    private static final Pattern SOURCE = Pattern.compile("^" + Pattern.quote(SUBJECT) + "([0-9a-f]{40})\\b");
    /** Races lost to another instance before giving up until the next try. */
    private static final int ATTEMPTS = 5;

    private final Repository repository;
    private final RefMover refs;
    private final boolean remote;
    private final String name;
    private final String ref;

    GitRenderedBranch(Repository repository, RefMover refs, boolean remote, String name) {
        this.repository = repository;
        this.refs = refs;
        this.remote = remote;
        this.name = name;
        this.ref = Constants.R_HEADS + name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Revision> pending() {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head =
                    walk.parseCommit(repository.exactRef(RepositoryLayout.MAIN).getObjectId());
            Optional<RevCommit> source = source(walk, tip());
            if (source.isPresent() && source.get().equals(head)) {
                return List.of();
            }
            if (source.isEmpty() || !walk.isMergedInto(source.get(), head)) {
                return List.of(revision(head));
            }
            walk.reset();
            walk.setFirstParent(true);
            walk.markStart(head);
            walk.markUninteresting(source.get());
            List<Revision> pending = new ArrayList<>();
            for (RevCommit commit : walk) {
                pending.add(revision(commit));
            }
            Collections.reverse(pending);
            return pending;
        } catch (IOException e) {
            throw new StoreException("Reading the branch " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> files() {
        try {
            ObjectId tip = tip();
            return tip == null ? Map.of() : files(tip);
        } catch (IOException e) {
            throw new StoreException("Reading the branch " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean commit(Revision source, Map<String, String> files) {
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                refs.beforeWrite();
                ObjectId parent = tip();
                if (renderedAlready(parent, ObjectId.fromString(source.id()))) {
                    return false;
                }
                ObjectId expected = alignLocal();
                ObjectId commit = write(parent, source, files);
                if (refs.move(List.of(new ReceiveCommand(expected, commit, ref)))) {
                    return true;
                }
            }
            throw new StoreException("The branch " + name + " kept moving while rendering " + source.abbreviated()
                    + "; trying again later");
        } catch (IOException e) {
            throw new StoreException("Committing to the branch " + name + " failed: " + e.getMessage(), e);
        }
    }

    // --- where the branch stands

    /**
     * The commit to build on: with a remote, its branch as last fetched, unless the local branch is
     * ahead of it (just pushed: a push does not move the remote-tracking ref) or the remote has none.
     */
    private ObjectId tip() throws IOException {
        Ref local = repository.exactRef(ref);
        Ref tracking = remote ? repository.exactRef(GitRemote.TRACKING + name) : null;
        if (tracking == null) {
            return local == null ? null : local.getObjectId();
        }
        if (local == null || local.getObjectId().equals(tracking.getObjectId())) {
            return tracking.getObjectId();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(tracking.getObjectId()), walk.parseCommit(local.getObjectId()))
                    ? local.getObjectId()
                    : tracking.getObjectId();
        }
    }

    /**
     * Sets the local branch to where the remote has it (or removes it when the remote has none), so
     * that one compare-and-swap holds for both; answers that id, the zero id for none. A local branch
     * that the remote lacks (rendered before the remote was set) stays the new commit's parent.
     */
    private ObjectId alignLocal() throws IOException {
        Ref local = repository.exactRef(ref);
        ObjectId localId = local == null ? ObjectId.zeroId() : local.getObjectId();
        if (!remote) {
            return localId;
        }
        Ref tracking = repository.exactRef(GitRemote.TRACKING + name);
        ObjectId remoteId = tracking == null ? ObjectId.zeroId() : tracking.getObjectId();
        if (!remoteId.equals(localId)) {
            RefUpdate update = repository.updateRef(ref);
            update.setExpectedOldObjectId(localId);
            update.setForceUpdate(true);
            RefUpdate.Result result;
            if (remoteId.equals(ObjectId.zeroId())) {
                result = update.delete();
            } else {
                update.setNewObjectId(remoteId);
                result = update.update();
            }
            if (result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FAST_FORWARD
                    && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("setting " + ref + " to the remote's " + remoteId.name() + " failed: " + result);
            }
        }
        return remoteId;
    }

    /** Whether the branch at {@code tip} rendered {@code source} or a later commit of main already. */
    private boolean renderedAlready(ObjectId tip, ObjectId source) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            Optional<RevCommit> rendered = source(walk, tip);
            return rendered.isPresent() && walk.isMergedInto(walk.parseCommit(source), rendered.get());
        }
    }

    /** The commit of main that the branch's commit {@code tip} names as its source, when it has one. */
    private static Optional<RevCommit> source(RevWalk walk, ObjectId tip) throws IOException {
        if (tip == null) {
            return Optional.empty();
        }
        Matcher named = SOURCE.matcher(walk.parseCommit(tip).getFullMessage());
        if (!named.find()) {
            return Optional.empty(); // not written by Strata: rendered again from main's head
        }
        try {
            return Optional.of(walk.parseCommit(ObjectId.fromString(named.group(1))));
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    // --- reading and writing trees

    private Map<String, String> files(ObjectId commit) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            ObjectReader reader = tree.getObjectReader();
            while (tree.next()) {
                files.put(
                        tree.getPathString(),
                        new String(reader.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private ObjectId write(ObjectId parent, Revision source, Map<String, String> files) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(
                        inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            PersonIdent strata = GitConfigStore.serviceIdentity();
            commit.setAuthor(strata);
            commit.setCommitter(strata);
            commit.setMessage(SUBJECT + source.id() + "\n\nWritten by Strata from main; do not commit here.\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static Revision revision(RevCommit commit) {
        return new Revision(commit.name());
    }
}
