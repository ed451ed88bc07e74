package dev.strata.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Tree entries Strata neither reads nor writes back. By name, anywhere: those Git refuses because a
 * checkout of them writes outside the working tree or into its {@code .git} directory ({@code .},
 * {@code ..}, {@code .git} in any case, and what Windows and macOS read as {@code .git}: {@code .git.},
 * {@code git~1}, {@code .g\u200cit}); {@code git fsck} reports them as hasDot, hasDotdot, hasDotgit.
 * By kind, in the layout: a symbolic link or a submodule where Strata expects a file or a directory.
 */
final class TreeNames {

    /** Deeper trees than Git itself checks out ({@code core.maxTreeDepth}) are left out too. */
    private static final int MAX_DEPTH = 2048;

    /**
     * Trees known to hold no refused name at any depth. A tree's id is a hash of its content, so an id
     * found clean once is clean in every repository; when the set is full it starts over.
     */
    private static final Set<ObjectId> CLEAN = ConcurrentHashMap.newKeySet();

    private static final int CLEAN_CAPACITY = 100_000;

    private TreeNames() {}

    /** Why Strata does not read the entry at {@code path} with {@code mode}, or null when it may. */
    static String refusal(String path, FileMode mode) {
        for (String segment : path.split("/", -1)) {
            if (refused(segment.getBytes(StandardCharsets.UTF_8))) {
                return path + ": the name '" + segment
                        + "' is one Git refuses (it could write outside a checkout or into"
                        + " its .git directory); Strata does not read it and leaves it out of its next commit";
            }
        }
        if (!inLayout(path)) {
            return null;
        }
        if (FileMode.SYMLINK.equals(mode)) {
            return path + " is a symbolic link; Strata reads only regular files: replace it with the file through Git";
        }
        if (FileMode.GITLINK.equals(mode)) {
            return path + " is a submodule; Strata reads only regular files: replace it with the file through Git";
        }
        return null;
    }

    /**
     * {@code tree} without the entries whose names Git refuses, at any depth: {@code tree} itself
     * when it has none, else a new tree written to {@code pack}. Subtrees are read once per id.
     */
    static ObjectId withoutRefused(CommitPack pack, ObjectReader reader, ObjectId tree) throws IOException {
        return withoutRefused(pack, reader, tree, 0);
    }

    private static ObjectId withoutRefused(CommitPack pack, ObjectReader reader, ObjectId tree, int depth)
            throws IOException {
        if (CLEAN.contains(tree)) {
            return tree;
        }
        record Kept(byte[] name, FileMode mode, ObjectId id) {}
        List<Kept> kept = new ArrayList<>();
        boolean dropped = false;
        for (CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree); !parser.eof(); parser.next()) {
            byte[] name = Arrays.copyOf(parser.getEntryPathBuffer(), parser.getEntryPathLength());
            FileMode mode = parser.getEntryFileMode();
            ObjectId id = parser.getEntryObjectId();
            if (refused(name) || (FileMode.TREE.equals(mode) && depth >= MAX_DEPTH)) {
                dropped = true;
                continue;
            }
            if (FileMode.TREE.equals(mode)) {
                ObjectId cleaned = withoutRefused(pack, reader, id, depth + 1);
                dropped |= !cleaned.equals(id);
                id = cleaned;
            }
            kept.add(new Kept(name, mode, id));
        }
        ObjectId result = tree;
        if (dropped) {
            TreeFormatter formatter = new TreeFormatter();
            kept.forEach(entry -> formatter.append(entry.name(), 0, entry.name().length, entry.mode(), entry.id()));
            result = pack.add(Constants.OBJ_TREE, formatter.toByteArray());
        }
        if (CLEAN.size() >= CLEAN_CAPACITY) {
            CLEAN.clear();
        }
        CLEAN.add(result.copy());
        return result;
    }

    private static boolean refused(byte[] name) {
        try {
            // macOS' rules add the names HFS+ reads as .git; Windows' would also refuse names such as aux or a:b
            new ObjectChecker().setSafeForMacOS(true).checkPathSegment(name, 0, name.length);
            return false;
        } catch (CorruptObjectException e) {
            return true;
        }
    }

    private static boolean inLayout(String path) {
        return path.equals(PipelineFile.PATH)
                || path.startsWith(RepositoryLayout.SCHEMAS)
                || path.startsWith(RepositoryLayout.ENVIRONMENTS)
                || (path + "/").equals(RepositoryLayout.SCHEMAS)
                || (path + "/").equals(RepositoryLayout.ENVIRONMENTS);
    }
}
