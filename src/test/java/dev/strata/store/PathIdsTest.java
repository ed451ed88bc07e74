package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PathIds} says a commit changed a path exactly when a tree diff against its first parent,
 * limited to that path, lists something: on histories with merges, renames, deletions, a file
 * that becomes a directory, a mode change, empty commits and root commits, longer than one batch
 * of look-ups, packed by plain Git (deltas between the versions of a tree) or left loose.
 */
class PathIdsTest {

    private static final List<List<String>> QUERIES = List.of(
            List.of("environments/production/app-1.yaml"),
            List.of("environments/dev"),
            List.of("environments/dev/app-2.yaml", "schemas/app-2.yaml", "environments/staging/app-2.yaml"),
            List.of("environments/staging/app-0.yaml/inner.yaml"),
            List.of("environments/production/app-9.yaml"),
            List.of("environments"),
            List.of("README.md"),
            List.of("environments/dev/app-1.yaml", "environments/dev/app-1.yml"));

    @TempDir
    Path temp;

    @Test
    void a_commit_changed_a_path_exactly_when_a_tree_diff_of_that_path_shows_it() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            try (Repository repository =
                    new FileRepository(temp.resolve("loose-" + seed + ".git").toFile())) {
                repository.create(true);
                ObjectId head = randomHistory(repository, new Random(seed), 150);
                assertSameAsTreeDiff(repository, head);
            }
        }
    }

    @Test
    void a_packed_history_longer_than_one_batch_gives_the_same_answers() throws Exception {
        try (Repository repository =
                new FileRepository(temp.resolve("packed.git").toFile())) {
            repository.create(true);
            // one batch and a part: the look-ups of the second batch start from where the first stopped, the
            // boundary this test is about; a third batch would cross the same kind of boundary again
            ObjectId head = randomHistory(repository, new Random(42), PathIds.BATCH + 77);
            Process gc = new ProcessBuilder("git", "gc", "--quiet")
                    .directory(repository.getDirectory())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertThat(gc.waitFor(2, TimeUnit.MINUTES) && gc.exitValue() == 0)
                    .as("git gc succeeded")
                    .isTrue();
            assertSameAsTreeDiff(repository, head);
        }
    }

    @Test
    void a_name_is_found_only_as_a_whole_entry_name() {
        byte[] tree = rawTree(Map.of(
                "app-1.yaml", FileMode.REGULAR_FILE, "app-1.yaml.bak", FileMode.REGULAR_FILE, "app", FileMode.TREE));
        assertThat(PathIds.find(tree, bytes("app-1.yaml")).mode()).isEqualTo(FileMode.TYPE_FILE | 0644);
        assertThat(PathIds.find(tree, bytes("app")).isTree()).isTrue();
        assertThat(PathIds.find(tree, bytes("app-1"))).isNull();
        assertThat(PathIds.find(tree, bytes("app-1.yaml.ba"))).isNull();
        assertThat(PathIds.find(tree, bytes(""))).isNull();
        assertThat(PathIds.find(new byte[] {'1', '0', '0', ' ', 'a'}, bytes("a")))
                .as("a tree cut short")
                .isNull();
    }

    private static void assertSameAsTreeDiff(Repository repository, ObjectId head) throws IOException {
        for (int query = 0; query < QUERIES.size(); query++) {
            List<String> paths = QUERIES.get(query);
            try (RevWalk walk = new RevWalk(repository)) {
                PathIds ids = new PathIds(repository, walk.getObjectReader(), paths);
                walk.markStart(walk.parseCommit(head));
                int changed = 0;
                for (RevCommit commit : walk) {
                    boolean expected = diffShows(walk, commit, paths);
                    assertThat(ids.changed(walk, commit))
                            .as("%s changed %s", commit.getShortMessage(), paths)
                            .isEqualTo(expected);
                    changed += expected ? 1 : 0;
                }
                if (query < 3) {
                    assertThat(changed).as("commits that changed %s", paths).isPositive();
                }
            }
        }
    }

    private static boolean diffShows(RevWalk walk, RevCommit commit, List<String> paths) throws IOException {
        try (TreeWalk diff =
                HistoryEntries.diffWithFirstParent(walk, commit, PathFilterGroup.createFromStrings(paths))) {
            return diff.next();
        }
    }

    /**
     * Commits on main that each do one random thing to a few applications' files, and now and then
     * a side branch of a few commits merged back (the merge takes the side's files, so that it
     * differs from its first parent).
     */
    private static ObjectId randomHistory(Repository repository, Random random, int commits) throws IOException {
        TreeMap<String, Object[]> files = new TreeMap<>();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId head = commit(inserter, files, List.of(), "root with files");
            for (int i = 0; i < commits; i++) {
                if (random.nextInt(15) == 0) {
                    TreeMap<String, Object[]> side = new TreeMap<>(files);
                    ObjectId sideHead = head;
                    for (int s = 0; s < 1 + random.nextInt(4); s++) {
                        change(inserter, side, random, i * 100 + s);
                        sideHead = commit(inserter, side, List.of(sideHead), "side " + i + "." + s);
                    }
                    files.clear();
                    files.putAll(side);
                    head = commit(inserter, files, List.of(head, sideHead), "merge " + i);
                } else {
                    change(inserter, files, random, i);
                    head = commit(inserter, files, List.of(head), "change " + i);
                }
            }
            // a second root, merged in: its commits compare with nothing
            TreeMap<String, Object[]> other = new TreeMap<>();
            other.put("environments/production/app-1.yaml", blob(inserter, "from another root"));
            ObjectId otherRoot = commit(inserter, other, List.of(), "another root");
            head = commit(inserter, files, List.of(otherRoot, head), "merge of another root");
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
            update.setNewObjectId(head);
            update.forceUpdate();
            return head;
        }
    }

    private static void change(ObjectInserter inserter, TreeMap<String, Object[]> files, Random random, int i)
            throws IOException {
        String app = "app-" + random.nextInt(4);
        String env = List.of("dev", "staging", "production").get(random.nextInt(3));
        String path = "environments/" + env + "/" + app + ".yaml";
        switch (random.nextInt(12)) {
            case 0 -> files.remove(path);
            case 1 -> {
                // a rename to the other extension, or back
                files.remove(path + "/inner.yaml");
                String renamed = path.replace(".yaml", ".yml");
                Object[] moved = files.remove(path);
                if (moved == null) {
                    moved = files.remove(renamed);
                    renamed = path;
                }
                files.put(renamed, moved == null ? blob(inserter, "renamed " + i) : moved);
            }
            case 2 -> {
                Object[] entry = files.get(path);
                if (entry != null) {
                    files.put(path, new Object[] {
                        entry[0] == FileMode.EXECUTABLE_FILE ? FileMode.REGULAR_FILE : FileMode.EXECUTABLE_FILE,
                        entry[1]
                    });
                }
            }
            case 3 -> {
                // the file becomes a directory, or the directory a file again
                if (files.remove(path) != null) {
                    files.put(path + "/inner.yaml", blob(inserter, "inner " + i));
                } else {
                    files.remove(path + "/inner.yaml");
                    files.put(path, blob(inserter, "back " + i));
                }
            }
            case 4 -> files.put("README.md", blob(inserter, "notes " + random.nextInt(3)));
            case 5 -> files.put("schemas/" + app + ".yaml", blob(inserter, "schema " + i));
            case 6 -> {
                // an empty commit: nothing changes
            }
            default -> {
                files.remove(path + "/inner.yaml");
                files.put(path, blob(inserter, "KEY: v" + i));
            }
        }
    }

    private static Object[] blob(ObjectInserter inserter, String content) throws IOException {
        return new Object[] {FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, bytes(content))};
    }

    private static ObjectId commit(
            ObjectInserter inserter, TreeMap<String, Object[]> files, List<ObjectId> parents, String message)
            throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree(inserter, files, ""));
        commit.setParentIds(parents);
        PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
        commit.setAuthor(bob);
        commit.setCommitter(bob);
        commit.setMessage(message);
        return inserter.insert(commit);
    }

    /** The tree of the files under {@code prefix}, with a subtree per directory. */
    private static ObjectId tree(ObjectInserter inserter, TreeMap<String, Object[]> files, String prefix)
            throws IOException {
        TreeMap<String, Object[]> entries = new TreeMap<>();
        for (Map.Entry<String, Object[]> file : files.tailMap(prefix).entrySet()) {
            if (!file.getKey().startsWith(prefix)) {
                break;
            }
            String rest = file.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                entries.put(rest, file.getValue());
            } else {
                String dir = rest.substring(0, slash);
                entries.computeIfAbsent(dir + "/", name -> new Object[] {FileMode.TREE, null});
            }
        }
        // Git sorts a directory as if its name ended with '/'
        TreeFormatter formatter = new TreeFormatter();
        for (Map.Entry<String, Object[]> entry : entries.entrySet()) {
            if (entry.getValue()[0] == FileMode.TREE) {
                String dir = entry.getKey().substring(0, entry.getKey().length() - 1);
                formatter.append(dir, FileMode.TREE, tree(inserter, files, prefix + dir + "/"));
            } else {
                formatter.append(entry.getKey(), (FileMode) entry.getValue()[0], (ObjectId) entry.getValue()[1]);
            }
        }
        return inserter.insert(formatter);
    }

    private static byte[] rawTree(Map<String, FileMode> entries) {
        TreeFormatter formatter = new TreeFormatter();
        List<String> names = new ArrayList<>(entries.keySet());
        names.sort((a, b) -> (entries.get(a) == FileMode.TREE ? a + "/" : a)
                .compareTo(entries.get(b) == FileMode.TREE ? b + "/" : b));
        for (String name : names) {
            formatter.append(name, entries.get(name), ObjectId.zeroId());
        }
        return formatter.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
