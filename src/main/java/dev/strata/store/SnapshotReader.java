package dev.strata.store;

import dev.strata.config.Revision;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Builds snapshots from commits: all files for the first one, then only the paths whose blobs
 * differ from a snapshot already built (Git's tree ids let the walk skip unchanged directories).
 */
final class SnapshotReader {

    private SnapshotReader() {}

    static StoredSnapshot readFull(Repository repository, RevCommit commit) throws IOException {
        Map<String, RepoFile> files = new HashMap<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                readEntry(reader, walk, 0, files);
            }
        }
        return StoredSnapshot.assemble(revision(commit), commit.getTree(), FileIndex.EMPTY.with(files));
    }

    static StoredSnapshot readChanges(Repository repository, StoredSnapshot base, RevCommit commit) throws IOException {
        if (base.tree().equals(commit.getTree())) {
            return StoredSnapshot.assemble(revision(commit), commit.getTree(), base.files());
        }
        Map<String, RepoFile> changes = new HashMap<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(base.tree());
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                changes.put(walk.getPathString(), null);
                readEntry(reader, walk, 1, changes);
            }
        }
        return StoredSnapshot.assemble(
                revision(commit), commit.getTree(), base.files().with(changes));
    }

    /**
     * Reads the file at {@code walk}'s current path in tree {@code index}, if it is one of Strata's
     * files; an entry Strata refuses to read ({@link TreeNames}) is recorded as unreadable, so that
     * it is shown rather than read as an empty file.
     */
    private static void readEntry(ObjectReader reader, TreeWalk walk, int index, Map<String, RepoFile> files) {
        FileMode mode = walk.getFileMode(index);
        if (FileMode.MISSING.equals(mode)) {
            return;
        }
        String path = walk.getPathString();
        String refusal = TreeNames.refusal(path, mode);
        if (refusal != null) {
            files.put(path, RepoFile.refused(path, refusal));
            return;
        }
        if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
            return;
        }
        RepoFile.Kind kind = RepoFile.classify(path);
        if (kind == null) {
            return;
        }
        ObjectId blob = walk.getObjectId(index);
        files.put(path, RepoFile.read(path, kind, () -> load(reader, blob)));
    }

    /** Loads a blob, refusing before inflating it when it is larger than any file Strata reads. */
    static byte[] load(ObjectReader reader, ObjectId blob) throws UnreadableFileException {
        try {
            ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
            if (loader.getSize() > YamlTree.MAX_DOCUMENT_BYTES) {
                throw YamlTree.tooLarge(loader.getSize());
            }
            return loader.getCachedBytes(YamlTree.MAX_DOCUMENT_BYTES);
        } catch (IOException e) {
            throw new UnreadableFileException("cannot be loaded from the repository: " + e.getMessage());
        }
    }

    static Revision revision(RevCommit commit) {
        return new Revision(commit.name());
    }
}
