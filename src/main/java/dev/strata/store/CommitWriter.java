package dev.strata.store;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The Git write cycle without a working tree: the parent's tree into an in-memory index, the
 * changed files as new blobs, a new tree and commit, then the branch moved only if it still points
 * at the parent. Objects are written (and fsynced) before the ref moves, so a crash leaves either
 * the old head or the new one, never a head without its objects.
 */
final class CommitWriter {

    /** The outcome of moving the branch. */
    enum Outcome { COMMITTED, BRANCH_MOVED }

    /** A commit that was written; {@code id} is on the branch only when the outcome is COMMITTED. */
    record Written(Outcome outcome, ObjectId id, ObjectId tree) {
    }

    private CommitWriter() {
    }

    /**
     * Commits {@code files} (path → content) on top of {@code parent} (null for the first commit).
     *
     * @throws IOException when the repository cannot be written, or the ref update fails for a
     *                     reason other than a concurrent move
     */
    static Written commit(Repository repository, RevCommit parent, Map<String, byte[]> files,
                          PersonIdent author, PersonIdent committer, String message) throws IOException {
        ObjectId commitId;
        ObjectId treeId;
        try (ObjectInserter inserter = repository.newObjectInserter(); ObjectReader reader = inserter.newReader()) {
            DirCache index = DirCache.newInCore();
            if (parent != null) {
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            treeId = index.writeTree(inserter);

            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            commitId = inserter.insert(commit);
            inserter.flush();
        }
        return new Written(moveBranch(repository, parent, commitId), commitId, treeId);
    }

    private static Outcome moveBranch(Repository repository, ObjectId expected, ObjectId commitId) throws IOException {
        RefUpdate update = repository.updateRef(Layout.MAIN);
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(commitId);
        try (RevWalk walk = new RevWalk(repository)) {
            RefUpdate.Result result = update.update(walk);
            return switch (result) {
                case NEW, FAST_FORWARD -> Outcome.COMMITTED;
                case LOCK_FAILURE -> Outcome.BRANCH_MOVED;
                default -> throw new IOException("moving " + Layout.MAIN + " to " + commitId.name() + " failed: " + result);
            };
        }
    }
}
