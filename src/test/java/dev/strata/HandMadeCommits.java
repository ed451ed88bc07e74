package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Commits on main that only someone with plain Git access could make, written object by object so
 * that nothing checks them: symbolic links, submodules, names such as {@code ..} and {@code .git},
 * files larger than Strata reads.
 */
public final class HandMadeCommits {

    private HandMadeCommits() {}

    /**
     * Commits on main of the bare repository {@code gitDir} its head's tree with an entry of
     * {@code mode} at {@code path} (directories made as needed): a blob of {@code content}, or for a
     * submodule the head commit itself. Answers the new commit.
     */
    public static String put(Path gitDir, String path, FileMode mode, byte[] content) throws IOException {
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(gitDir.toFile())
                        .setMustExist(true)
                        .build();
                ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(
                    repository.exactRef(Constants.R_HEADS + "main").getObjectId());
            ObjectId entry = FileMode.GITLINK.equals(mode) ? head.copy() : inserter.insert(Constants.OBJ_BLOB, content);
            ObjectId tree =
                    with(walk.getObjectReader(), inserter, head.getTree(), List.of(path.split("/")), mode, entry);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(head);
            PersonIdent mallory = new PersonIdent("Mallory", "m@example.com");
            commit.setAuthor(mallory);
            commit.setCommitter(mallory);
            commit.setMessage("Put " + path + " by hand\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
            update.setExpectedOldObjectId(head);
            update.setNewObjectId(id);
            assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return id.name();
        }
    }

    /** {@link #put} of a regular file with {@code content} in UTF-8. */
    public static String put(Path gitDir, String path, String content) throws IOException {
        return put(gitDir, path, FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    private record Entry(byte[] name, FileMode mode, ObjectId id) {

        byte[] sortKey() {
            if (!FileMode.TREE.equals(mode)) {
                return name;
            }
            byte[] key = Arrays.copyOf(name, name.length + 1);
            key[name.length] = '/';
            return key;
        }
    }

    private static ObjectId with(
            ObjectReader reader,
            ObjectInserter inserter,
            ObjectId tree,
            List<String> path,
            FileMode mode,
            ObjectId entry)
            throws IOException {
        byte[] first = path.getFirst().getBytes(StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        ObjectId subtree = null;
        if (tree != null) {
            for (CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
                    !parser.eof();
                    parser.next()) {
                byte[] name = Arrays.copyOf(parser.getEntryPathBuffer(), parser.getEntryPathLength());
                if (Arrays.equals(name, first)) {
                    subtree = FileMode.TREE.equals(parser.getEntryFileMode()) ? parser.getEntryObjectId() : null;
                } else {
                    entries.add(new Entry(name, parser.getEntryFileMode(), parser.getEntryObjectId()));
                }
            }
        }
        entries.add(
                path.size() == 1
                        ? new Entry(first, mode, entry)
                        : new Entry(
                                first,
                                FileMode.TREE,
                                with(reader, inserter, subtree, path.subList(1, path.size()), mode, entry)));
        entries.sort(Comparator.comparing(Entry::sortKey, Arrays::compareUnsigned));
        TreeFormatter formatter = new TreeFormatter();
        entries.forEach(e -> formatter.append(e.name(), 0, e.name().length, e.mode(), e.id()));
        return inserter.insert(formatter);
    }
}
