package dev.strata.store;

import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The Git write cycle without a working tree: new blobs for the changed files, new trees for their
 * directories up to the root, a commit, then the branch moved only if it still points at the
 * parent. The commit's objects are written as one pack, fsynced, before the ref moves (fsynced
 * too), so a crash leaves either the old head or the new one, never a head without its objects.
 *
 * <p>Only the trees on the changed paths are read and rewritten. An in-memory {@code DirCache}
 * would read and re-hash every tree of the repository for each commit (4,000 entries at 1,000
 * applications), which made that the largest CPU cost of a commit.
 */
final class CommitWriter {

    /** The modes of a regular file and of a subtree as a raw tree writes them. */
    private static final byte[] REGULAR_FILE = "100644".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] TREE = "40000".getBytes(StandardCharsets.US_ASCII);

    /** The outcome of moving the branch. */
    enum Outcome {
        COMMITTED,
        BRANCH_MOVED
    }

    /**
     * A commit that was written; {@code id} is on the branch only when the outcome is COMMITTED
     * (null when no branch was to be moved). {@code droppedEntries}: its tree left out entries of the
     * parent's that Git refuses, so it differs from the parent in more than the files written.
     */
    record Written(Outcome outcome, ObjectId id, ObjectId tree, boolean droppedEntries) {}

    private CommitWriter() {}

    /**
     * Commits {@code files} (path → content) on top of {@code parent} (null for the first commit),
     * moving main with {@code refs}. The commit is dated by {@code clock}, for its author and committer alike.
     *
     * @throws IOException when the repository cannot be written, or the ref update fails for a
     *                     reason other than a concurrent move
     */
    static Written commit(
            Repository repository,
            Clock clock,
            RefMover refs,
            RevCommit parent,
            Map<String, byte[]> files,
            PersonIdent author,
            PersonIdent committer,
            String message)
            throws IOException {
        Written written = write(repository, clock, parent, files, author, committer, message);
        ReceiveCommand move =
                new ReceiveCommand(parent == null ? ObjectId.zeroId() : parent, written.id(), RepositoryLayout.MAIN);
        Outcome outcome = refs.move(List.of(move)) ? Outcome.COMMITTED : Outcome.BRANCH_MOVED;
        return new Written(outcome, written.id(), written.tree(), written.droppedEntries());
    }

    /**
     * Writes the objects of a commit of {@code files} on top of {@code parent} (null for none)
     * without moving any ref: the caller moves the refs that should point at it. The commit is dated
     * by {@code clock}, for its author and committer alike. Entries of the parent's tree with names
     * Git refuses ({@link TreeNames}) are left out of the new tree.
     *
     * @throws ValidationException when a file is larger than Strata reads back
     */
    static Written write(
            Repository repository,
            Clock clock,
            RevCommit parent,
            Map<String, byte[]> files,
            PersonIdent author,
            PersonIdent committer,
            String message)
            throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            // Written, it would make its application and environment unreadable, and even its revert.
            if (file.getValue().length > YamlTree.MAX_DOCUMENT_BYTES) {
                throw new ValidationException(
                        file.getKey(),
                        "would be " + file.getValue().length
                                + " bytes, over the limit of " + YamlTree.MAX_DOCUMENT_BYTES
                                + " bytes (4 MiB) that Strata"
                                + " reads back; shorten or remove values");
            }
        }
        Instant now = clock.instant();
        ObjectId commitId;
        ObjectId treeId;
        boolean dropped;
        try (ObjectReader reader = repository.newObjectReader();
                CommitPack pack = new CommitPack()) {
            Map<String, ObjectId> blobs = new TreeMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                blobs.put(file.getKey(), pack.add(Constants.OBJ_BLOB, file.getValue()));
            }
            ObjectId base = parent == null ? null : TreeNames.withoutRefused(pack, reader, parent.getTree());
            dropped = parent != null && !parent.getTree().equals(base);
            treeId = writeTree(pack, reader, base, blobs);

            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(new PersonIdent(author.getName(), author.getEmailAddress(), now, clock.getZone()));
            commit.setCommitter(
                    new PersonIdent(committer.getName(), committer.getEmailAddress(), now, clock.getZone()));
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            commitId = pack.add(Constants.OBJ_COMMIT, commit.build());
            pack.write(repository);
        }
        return new Written(null, commitId, treeId, dropped);
    }

    /** One entry of a tree being rewritten. */
    private record Entry(String name, FileMode mode, ObjectId id) {
        /** Git orders a tree's entries by the bytes of their names, a subtree's as if it ended in '/'. */
        byte[] sortKey() {
            return (mode == FileMode.TREE ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes {@code tree} (null for none) with {@code blobs} (paths relative to it) put in place,
     * rewriting the subtrees on those paths and reusing every other entry as it is.
     */
    private static ObjectId writeTree(CommitPack pack, ObjectReader reader, ObjectId tree, Map<String, ObjectId> blobs)
            throws IOException {
        // From the pack when it is one of the trees left without refused names, not yet in the repository.
        byte[] raw = tree == null ? null : pack.tree(reader, tree);
        if (raw != null) {
            byte[] replaced = replaceInPlace(pack, reader, raw, blobs);
            if (replaced != null) {
                return pack.add(Constants.OBJ_TREE, replaced);
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (raw != null) {
            CanonicalTreeParser parser = new CanonicalTreeParser();
            parser.reset(raw);
            for (; !parser.eof(); parser.next()) {
                entries.put(
                        parser.getEntryPathString(),
                        new Entry(parser.getEntryPathString(), parser.getEntryFileMode(), parser.getEntryObjectId()));
            }
        }
        boolean added = false;
        Map<String, Map<String, ObjectId>> bySubtree = new TreeMap<>();
        for (Map.Entry<String, ObjectId> blob : blobs.entrySet()) {
            String path = blob.getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                added |= entries.put(path, new Entry(path, FileMode.REGULAR_FILE, blob.getValue())) == null;
            } else {
                bySubtree
                        .computeIfAbsent(path.substring(0, slash), d -> new TreeMap<>())
                        .put(path.substring(slash + 1), blob.getValue());
            }
        }
        for (Map.Entry<String, Map<String, ObjectId>> subtree : bySubtree.entrySet()) {
            Entry existing = entries.get(subtree.getKey());
            ObjectId base = existing != null && existing.mode() == FileMode.TREE ? existing.id() : null;
            added |= entries.put(
                            subtree.getKey(),
                            new Entry(
                                    subtree.getKey(), FileMode.TREE, writeTree(pack, reader, base, subtree.getValue())))
                    == null;
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        if (added) {
            // The tree's own entries come in Git's order; only new ones need placing.
            sorted.sort(Comparator.comparing(Entry::sortKey, Arrays::compareUnsigned));
        }
        TreeFormatter formatter = new TreeFormatter(sorted.size() * 40);
        for (Entry entry : sorted) {
            formatter.append(entry.name(), entry.mode(), entry.id());
        }
        return pack.add(Constants.OBJ_TREE, formatter.toByteArray());
    }

    /**
     * The common case, done on the tree's bytes: every path replaces an existing regular file or
     * goes into an existing subtree, so only object ids change, in place, and the entries keep
     * their order. Null when a path adds an entry or changes its kind; {@link #writeTree} then
     * rebuilds the tree. An environment's tree has an entry per application, and parsing and
     * re-encoding all of them was most of a commit's work.
     */
    private static byte[] replaceInPlace(CommitPack pack, ObjectReader reader, byte[] raw, Map<String, ObjectId> blobs)
            throws IOException {
        Map<String, Integer> at = new TreeMap<>();
        Map<String, Map<String, ObjectId>> bySubtree = new TreeMap<>();
        for (Map.Entry<String, ObjectId> blob : blobs.entrySet()) {
            String path = blob.getKey();
            int slash = path.indexOf('/');
            String name = slash < 0 ? path : path.substring(0, slash);
            int offset = idOffset(raw, name.getBytes(StandardCharsets.UTF_8), slash < 0 ? REGULAR_FILE : TREE);
            if (offset < 0) {
                return null;
            }
            at.put(name, offset);
            if (slash >= 0) {
                bySubtree.computeIfAbsent(name, d -> new TreeMap<>()).put(path.substring(slash + 1), blob.getValue());
            }
        }
        byte[] replaced = raw.clone();
        for (Map.Entry<String, Integer> entry : at.entrySet()) {
            Map<String, ObjectId> inSubtree = bySubtree.get(entry.getKey());
            ObjectId id = inSubtree == null
                    ? blobs.get(entry.getKey())
                    : writeTree(pack, reader, ObjectId.fromRaw(raw, entry.getValue()), inSubtree);
            id.copyRawTo(replaced, entry.getValue());
        }
        return replaced;
    }

    /** Where the object id of the entry {@code name} with {@code mode} starts in a raw tree; -1 if none or malformed. */
    private static int idOffset(byte[] tree, byte[] name, byte[] mode) {
        int entry = 0;
        while (entry < tree.length) {
            int space = entry;
            while (space < tree.length && tree[space] != ' ') {
                space++;
            }
            int end = space + 1;
            while (end < tree.length && tree[end] != 0) {
                end++;
            }
            if (end + Constants.OBJECT_ID_LENGTH >= tree.length) {
                return -1;
            }
            if (Arrays.equals(tree, space + 1, end, name, 0, name.length)) {
                return Arrays.equals(tree, entry, space, mode, 0, mode.length) ? end + 1 : -1;
            }
            entry = end + 1 + Constants.OBJECT_ID_LENGTH;
        }
        return -1;
    }
}
