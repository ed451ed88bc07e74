package dev.strata.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Whether a commit changed one of a few paths against its first parent, told by looking up the
 * paths in both trees one level at a time: a commit that changed another environment differs from
 * its parent from {@code environments/} down to that environment only. A generic tree diff of both
 * sides costs several times that, and without the commit-graph's changed-path filters (a
 * repository no maintenance has seen) a query on one file pays it for every commit it walks.
 *
 * <p>What was looked up is remembered per tree id, and looked up for {@value #BATCH} commits at a
 * time along the first-parent line, one level at a time, reading each level's trees in the order of
 * their position in their pack. That order matters more than anything else here: JGit keeps only
 * the base of the object it last read from a chain of deltas, and every version of an environment's
 * tree (a thousand entries) is a delta of another. In a pack that {@code git fast-import} wrote,
 * each version is a delta of the one before, so reading them newest first, as a walk does, rebuilds
 * the whole chain for each (a quarter of a millisecond per tree); in the order of the pack, bases
 * come before the deltas made of them in any pack, and each tree costs one or two deltas (tens of
 * microseconds). One instance per walk; not thread-safe.
 */
final class PathIds {

    /** Commits looked up together; a page of one file at one change in a hundred commits walks about 5,000. */
    static final int BATCH = 256;
    /** Lookups remembered: those of a batch, for every path and level, with room to spare. */
    private static final int REMEMBERED = 16_384;

    /** Pack offsets take fewer bits than this (a pack of a terabyte); the pack's rank takes the rest. */
    private static final int PACK_OFFSET_BITS = 40;

    private final Repository repository;
    private final ObjectReader reader;
    private final List<byte[][]> paths;
    private final Map<Lookup, TreeEntry> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Lookup, TreeEntry> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param paths repository paths, files or directories, without leading or trailing slash */
    PathIds(Repository repository, ObjectReader reader, List<String> paths) {
        this.repository = repository;
        this.reader = reader;
        this.paths = paths.stream()
                .map(path -> Arrays.stream(path.split("/"))
                        .map(name -> name.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new))
                .toList();
    }

    /**
     * Whether one of the paths differs, in id or in mode, between the commit's first parent (an
     * empty tree for a root commit) and the commit: what a tree diff limited to the paths would list.
     */
    boolean changed(RevWalk walk, RevCommit commit) throws IOException {
        ObjectId after = commit.getTree();
        ObjectId before = commit.getParentCount() == 0
                ? null
                : walk.parseCommit(commit.getParent(0)).getTree();
        // the commit's tree was its child's parent's: the parent's tells whether the batch ran out
        if (!entries.containsKey(new Lookup(before == null ? after : before, paths.getFirst()[0]))) {
            lookUpAhead(walk, commit);
        }
        for (byte[][] path : paths) {
            if (differs(before, after, path)) {
                return true;
            }
        }
        return false;
    }

    /** Looks the paths up in the trees of the commit and of up to {@link #BATCH} first parents, level by level. */
    private void lookUpAhead(RevWalk walk, RevCommit commit) throws IOException {
        Map<ObjectId, Boolean> level = new LinkedHashMap<>();
        RevCommit next = commit;
        for (int i = 0; i <= BATCH; i++) {
            level.put(next.getTree().copy(), true);
            if (next.getParentCount() == 0) {
                break;
            }
            next = walk.parseCommit(next.getParent(0));
        }
        int depth = 0;
        while (!level.isEmpty()) {
            Map<ObjectId, Boolean> below = new LinkedHashMap<>();
            for (ObjectId tree : inPackOrder(level.keySet())) {
                byte[] raw = null;
                for (byte[][] path : paths) {
                    if (path.length <= depth) {
                        continue;
                    }
                    Lookup lookup = new Lookup(tree, path[depth]);
                    TreeEntry found = entries.get(lookup);
                    if (found == null) {
                        if (raw == null) {
                            raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
                        }
                        found = find(raw, path[depth]);
                        entries.put(lookup, found == null ? TreeEntry.NONE : found);
                    }
                    if (found != null && found != TreeEntry.NONE && path.length > depth + 1 && found.isTree()) {
                        below.put(found.id(), true);
                    }
                }
            }
            level = below;
            depth++;
        }
    }

    /** The trees in the order of their packs and their position in them; those in no pack (loose objects) last. */
    private List<ObjectId> inPackOrder(Collection<ObjectId> trees) throws IOException {
        if (!(repository.getObjectDatabase() instanceof ObjectDirectory objects)) {
            return List.copyOf(trees);
        }
        List<Pack> packs = List.copyOf(objects.getPacks());
        Map<ObjectId, Long> positions = new HashMap<>();
        for (ObjectId tree : trees) {
            long position = Long.MAX_VALUE;
            for (int i = 0; i < packs.size(); i++) {
                long offset = packs.get(i).getIndex().findOffset(tree);
                if (offset >= 0) {
                    position = ((long) i << PACK_OFFSET_BITS) | offset;
                    break;
                }
            }
            positions.put(tree, position);
        }
        List<ObjectId> ordered = new ArrayList<>(trees);
        ordered.sort(Comparator.comparing(positions::get));
        return ordered;
    }

    private boolean differs(ObjectId beforeTree, ObjectId afterTree, byte[][] path) throws IOException {
        TreeEntry before = new TreeEntry(FileMode.TYPE_TREE, beforeTree);
        TreeEntry after = new TreeEntry(FileMode.TYPE_TREE, afterTree);
        for (byte[] name : path) {
            if (Objects.equals(before, after)) {
                return false;
            }
            before = child(before, name);
            after = child(after, name);
        }
        return !Objects.equals(before, after);
    }

    /** The entry {@code name} of the tree {@code parent}; null when there is no such entry or no such tree. */
    private TreeEntry child(TreeEntry parent, byte[] name) throws IOException {
        if (parent == null || parent.id() == null || !parent.isTree()) {
            return null;
        }
        Lookup lookup = new Lookup(parent.id(), name);
        TreeEntry known = entries.get(lookup);
        if (known == null) {
            known = find(reader.open(parent.id(), Constants.OBJ_TREE).getCachedBytes(), name);
            entries.put(lookup, known == null ? TreeEntry.NONE : known);
        }
        return known == TreeEntry.NONE ? null : known;
    }

    /**
     * The entry {@code name} in a tree's raw form: entries of "{@code <octal mode> <name>\0<20-byte
     * id>}" one after the other.
     */
    static TreeEntry find(byte[] tree, byte[] name) {
        int position = 0;
        while (position < tree.length) {
            int mode = 0;
            while (position < tree.length && tree[position] != ' ') {
                mode = (mode << 3) + (tree[position++] - '0');
            }
            int nameStart = ++position;
            while (position < tree.length && tree[position] != 0) {
                position++;
            }
            int idStart = position + 1;
            if (idStart + Constants.OBJECT_ID_LENGTH > tree.length) {
                return null;
            }
            if (Arrays.equals(tree, nameStart, position, name, 0, name.length)) {
                return new TreeEntry(mode, ObjectId.fromRaw(tree, idStart));
            }
            position = idStart + Constants.OBJECT_ID_LENGTH;
        }
        return null;
    }

    /** A tree entry's mode and id. */
    record TreeEntry(int mode, ObjectId id) {
        /** Remembers that a tree has no such entry. */
        static final TreeEntry NONE = new TreeEntry(0, ObjectId.zeroId());

        boolean isTree() {
            return (mode & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
        }
    }

    private record Lookup(ObjectId tree, byte[] name) {
        Lookup {
            tree = tree.copy();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Lookup that && tree.equals(that.tree) && Arrays.equals(name, that.name);
        }

        @Override
        public int hashCode() {
            return tree.hashCode() * 31 + Arrays.hashCode(name);
        }
    }
}
