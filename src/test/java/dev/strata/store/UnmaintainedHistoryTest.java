package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history written by plain Git (here {@code git fast-import}), then Strata started on it: the
 * commit-graph and the keys each commit changed are caught up in the background, and every query
 * answers the same before, during and after that as a repository that has neither.
 */
class UnmaintainedHistoryTest {

    private static final String[] ENVS = {"dev", "staging", "production"};
    private static final int APPS = 6;
    private static final int KEYS = 8;
    private static final Author ALICE = new Author("Alice", "alice@example.com");

    @TempDir
    Path temp;

    private GitConfigStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void history_is_the_same_with_and_without_the_commit_graph_and_the_changed_keys_found_in_the_background()
            throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Path dataDir = temp.resolve("store-" + seed);
            Random random = new Random(seed);
            pushedByPlainGit(dataDir, 150 + random.nextInt(150), random);
            Path reference = withoutIndexes(dataDir, temp.resolve("reference-" + seed));

            store = GitConfigStore.open(dataDir);
            HistoryIndexing.Progress progress = caughtUp(store);

            assertThat(progress.graphMillis()).as("a commit-graph was written").isPositive();
            assertThat(dataDir.resolve("config.git/objects/info/commit-graph")).exists();
            assertThat(progress.keysFound())
                    .as("every commit's keys were found")
                    .isEqualTo(commitCount(dataDir));
            assertSameHistory(reference, random);
            store.close();
            store = null;
        }
    }

    @Test
    void the_first_queries_after_start_up_list_what_a_diff_of_every_commit_lists_and_maintenance_changes_nothing()
            throws Exception {
        Path dataDir = temp.resolve("store");
        // one batch of PathIds look-ups and a part: the first pages of the queries for an environment or a key walk
        // past the batch boundary (an application's environment changes in about one commit of 18), as they did
        // past two boundaries before; a second boundary is the same kind of crossing again
        pushedByPlainGit(dataDir, PathIds.BATCH + 50, new Random(41));
        Path reference = withoutIndexes(dataDir, temp.resolve("reference"));
        List<HistoryQuery> queries = new ArrayList<>();
        for (int a = 0; a < APPS; a++) {
            EnvName env = new EnvName(ENVS[a % ENVS.length]);
            queries.add(new HistoryQuery(app(a), env, null, null, null, null, 40, null));
            queries.add(HistoryQuery.ofKey(app(a), env, key(a % KEYS), 10));
            queries.add(new HistoryQuery(app(a), null, null, null, null, null, 40, null));
        }

        store = GitConfigStore.open(dataDir);
        List<HistoryPage> first = new ArrayList<>();
        for (HistoryQuery query : queries) {
            first.add(store.history(query));
        }
        caughtUp(store);
        store.maintain();
        try (Repository repository = repository(reference)) {
            for (int i = 0; i < queries.size(); i++) {
                HistoryQuery query = queries.get(i);
                assertThat(first.get(i).entries())
                        .as("%s right after start-up", query)
                        .isNotEmpty()
                        .isEqualTo(describedOneByOne(repository, query));
                assertThat(store.history(query))
                        .as("%s after maintenance", query)
                        .isEqualTo(first.get(i));
            }
        }
    }

    /** What a query lists when every commit of main is diffed, with no filter to skip any: the first page. */
    private List<HistoryEntry> describedOneByOne(Repository repository, HistoryQuery query) throws IOException {
        List<String> paths = HistoryPaths.of(store.snapshot(), query);
        TreeFilter filter = paths.isEmpty() ? TreeFilter.ALL : PathFilterGroup.createFromStrings(paths);
        List<HistoryEntry> entries = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("main")));
            for (RevCommit commit : walk) {
                HistoryEntry entry = HistoryEntries.describe(walk, commit, filter, query);
                if (entry != null && entries.size() < query.limit()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    @Test
    void history_queries_answer_while_the_background_work_runs_and_commits_go_on() throws Exception {
        Path dataDir = temp.resolve("store");
        pushedByPlainGit(dataDir, 300, new Random(7));
        store = GitConfigStore.open(dataDir);
        HistoryQuery oneKey = HistoryQuery.ofKey(app(1), new EnvName("dev"), key(2), 20);
        List<String> messages = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                String message = "During the indexing " + i;
                store.commit(new ChangeSet(
                        app(i % APPS),
                        new EnvName(ENVS[i % ENVS.length]),
                        new TreeMap<>(Map.of(key(i % KEYS), "during-" + i)),
                        new TreeSet<>(),
                        message,
                        ALICE,
                        store.head()));
                messages.add(message);
            }
        });
        List<HistoryPage> whileIndexing = new ArrayList<>();
        while (!writer.isDone()) {
            whileIndexing.add(store.history(oneKey));
        }
        writer.get(1, TimeUnit.MINUTES);
        assertThat(whileIndexing).allSatisfy(page -> assertThat(page.entries()).isNotEmpty());
        caughtUp(store);

        Path reference = withoutIndexes(dataDir, temp.resolve("reference"));
        assertSameHistory(reference, new Random(8));
        assertThat(store.history(HistoryQuery.latest(20)).entries())
                .extracting(entry -> entry.message().lines().findFirst().orElse(""))
                .containsExactlyElementsOf(messages.reversed());
    }

    @Test
    void the_background_work_goes_on_after_a_restart_where_the_last_save_left_it() throws Exception {
        Path dataDir = temp.resolve("store");
        pushedByPlainGit(dataDir, 200, new Random(11));
        int older = 120;
        // what a stop after some chunks leaves: the keys of the oldest commits saved, none of the newest
        try (Repository repository = repository(dataDir);
                RevWalk walk = new RevWalk(repository)) {
            ChangedKeys keys =
                    ChangedKeys.load(repository.getDirectory().toPath().resolve(ChangedKeys.FILE));
            walk.markStart(walk.parseCommit(repository.resolve("main")));
            List<RevCommit> all = new ArrayList<>();
            walk.forEach(all::add);
            for (RevCommit commit : all.subList(all.size() - older, all.size())) {
                keys.find(walk, commit);
            }
            keys.save();
        }

        store = GitConfigStore.open(dataDir);
        assertThat(caughtUp(store).keysFound()).isEqualTo(commitCount(dataDir) - older);
        store.close();

        store = GitConfigStore.open(dataDir);
        HistoryIndexing.Progress again = caughtUp(store);
        assertThat(again.keysFound()).as("nothing left to find").isZero();
        assertThat(again.graphMillis())
                .as("the commit-graph is not written again")
                .isZero();
        assertSameHistory(withoutIndexes(dataDir, temp.resolve("reference")), new Random(12));
    }

    @Test
    void a_crash_while_saving_the_changed_keys_leaves_the_last_saved_ones_readable() throws Exception {
        Path dataDir = temp.resolve("store");
        pushedByPlainGit(dataDir, 150, new Random(21));
        store = GitConfigStore.open(dataDir);
        caughtUp(store);
        store.close();
        store = null;
        Path saved = dataDir.resolve("config.git").resolve(ChangedKeys.FILE);
        byte[] whole = Files.readAllBytes(saved);
        // a crash in the middle of AtomicFile.write leaves half a temporary file beside the saved one
        Files.write(saved.resolveSibling("." + ChangedKeys.FILE + "8151.tmp"), Arrays.copyOf(whole, whole.length / 2));

        store = GitConfigStore.open(dataDir);
        assertThat(caughtUp(store).keysFound())
                .as("the saved keys were read back")
                .isZero();
        store.close();

        // a file cut short another way (a disk that lost its end) is ignored and found again
        Files.write(saved, Arrays.copyOf(whole, whole.length / 2));
        store = GitConfigStore.open(dataDir);
        assertThat(caughtUp(store).keysFound()).isEqualTo(commitCount(dataDir));
        assertSameHistory(withoutIndexes(dataDir, temp.resolve("reference")), new Random(22));
    }

    @Test
    void a_damaged_commit_graph_is_written_again_and_history_stays_right() throws Exception {
        Path dataDir = temp.resolve("store");
        pushedByPlainGit(dataDir, 120, new Random(31));
        Path graph = dataDir.resolve("config.git/objects/info/commit-graph");
        Files.createDirectories(graph.getParent());
        byte[] garbage = new byte[4096];
        new Random(32).nextBytes(garbage);
        Files.write(graph, garbage);
        Path reference = withoutIndexes(dataDir, temp.resolve("reference"));

        store = GitConfigStore.open(dataDir);
        assertThat(caughtUp(store).graphMillis()).isPositive();
        try (Repository repository = repository(dataDir);
                ObjectReader reader = repository.newObjectReader()) {
            ObjectId head = repository.resolve("main");
            assertThat(reader.getCommitGraph())
                    .hasValueSatisfying(written ->
                            assertThat(written.findGraphPosition(head)).isNotNegative());
        }
        assertSameHistory(reference, new Random(33));
    }

    @Test
    void background_work_steps_aside_while_a_request_reads_the_repository() {
        ForegroundReads reads = new ForegroundReads();
        reads.begin();
        assertThat(reads.busy()).isTrue();
        reads.end();
        assertThat(reads.busy())
                .as("a read may follow at once, as on a page load")
                .isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reads.busy());
    }

    private static HistoryIndexing.Progress caughtUp(GitConfigStore store) throws Exception {
        CompletableFuture<HistoryIndexing.Progress> done =
                store.historyIndexing().done();
        await().atMost(Duration.ofMinutes(2)).until(done::isDone);
        return done.get();
    }

    /**
     * Compares, for random applications, environments and keys, every page of the store's answer
     * with the answer of a plain {@link GitHistory} on a copy that has neither a commit-graph nor
     * saved changed keys.
     */
    private void assertSameHistory(Path referenceDir, Random random) throws IOException {
        try (Repository repository = repository(referenceDir)) {
            GitHistory plain = new GitHistory(repository, new MainLine(repository));
            ObjectId head = repository.resolve("main");
            assertThat(head.name()).isEqualTo(store.head().id());
            for (int i = 0; i < 12; i++) {
                AppName app = app(random.nextInt(APPS + 1));
                EnvName env = new EnvName(ENVS[random.nextInt(ENVS.length)]);
                SettingKey key = key(random.nextInt(KEYS + 1));
                int limit = 1 + random.nextInt(9);
                List<HistoryQuery> queries = List.of(
                        new HistoryQuery(app, env, null, null, null, null, limit, null),
                        HistoryQuery.ofKey(app, env, key, limit),
                        new HistoryQuery(null, null, key, null, null, null, limit, null),
                        new HistoryQuery(null, env, key, null, null, null, limit, null));
                for (HistoryQuery query : queries) {
                    List<String> paths = query.app() != null
                            ? List.of(RepositoryLayout.settings(query.app(), query.env()))
                            : query.env() != null
                                    ? List.of(RepositoryLayout.ENVIRONMENTS
                                            + query.env().value())
                                    : List.of();
                    assertSamePages(query, plain, head, paths);
                }
            }
        }
    }

    private void assertSamePages(HistoryQuery query, GitHistory plain, ObjectId head, List<String> paths)
            throws IOException {
        HistoryQuery page = query;
        for (int pages = 0; pages < 100; pages++) {
            HistoryPage expected = plain.page(head, page, paths);
            HistoryPage actual = store.history(page);
            assertThat(actual).as("%s", page).isEqualTo(expected);
            if (expected.nextCursor() == null) {
                return;
            }
            page = new HistoryQuery(
                    query.app(),
                    query.env(),
                    query.key(),
                    query.author(),
                    query.since(),
                    query.until(),
                    query.limit(),
                    expected.nextCursor());
        }
    }

    /** Strata creates the repository; plain Git then writes {@code commits} commits into it, none through Strata. */
    private static void pushedByPlainGit(Path dataDir, int commits, Random random) throws Exception {
        GitConfigStore created = GitConfigStore.open(dataDir);
        created.historyIndexing().done().handle((progress, failure) -> null).get(1, TimeUnit.MINUTES);
        created.close();
        Path gitDir = dataDir.resolve("config.git");
        Files.deleteIfExists(gitDir.resolve("objects/info/commit-graph"));
        Files.deleteIfExists(gitDir.resolve(ChangedKeys.FILE));
        String[][][] values = new String[ENVS.length][APPS][KEYS];
        Process git = new ProcessBuilder("git", "fast-import", "--quiet")
                .directory(gitDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long time = 1_700_000_000L;
        try (OutputStream out = new BufferedOutputStream(git.getOutputStream())) {
            TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
            for (int k = 0; k < KEYS; k++) {
                keys.put(key(k), KeySpec.of(KeyType.STRING));
            }
            byte[] schema = SchemaFile.write(new Schema("Pushed by hand", List.of("team-a"), keys));
            commit(out, time++, "Seed", true);
            for (int a = 0; a < APPS; a++) {
                file(out, RepositoryLayout.schema(app(a)), schema);
                for (int e = 0; e < ENVS.length; e++) {
                    for (int k = 0; k < KEYS; k++) {
                        values[e][a][k] = "seed-" + e + "-" + a + "-" + k;
                    }
                    file(out, settingsPath(e, a), settings(values[e][a], false));
                }
            }
            out.write('\n');
            for (int i = 0; i < commits; i++) {
                int e = random.nextInt(ENVS.length);
                int a = random.nextInt(APPS);
                commit(out, time++, "Change " + i, false);
                switch (random.nextInt(10)) {
                    case 0 -> file(out, "README.md", ("notes " + i).getBytes(StandardCharsets.UTF_8));
                    case 1 -> {
                        // two files in one commit, one of them hand-written with a comment
                        values[e][a][random.nextInt(KEYS)] = "pair-" + i;
                        values[(e + 1) % ENVS.length][a][random.nextInt(KEYS)] = "pair-" + i;
                        file(out, settingsPath(e, a), settings(values[e][a], true));
                        file(
                                out,
                                settingsPath((e + 1) % ENVS.length, a),
                                settings(values[(e + 1) % ENVS.length][a], false));
                    }
                    case 2 -> {
                        values[e][a][random.nextInt(KEYS)] = null;
                        file(out, settingsPath(e, a), settings(values[e][a], false));
                    }
                    default -> {
                        values[e][a][random.nextInt(KEYS)] = "v" + i + "-" + random.nextInt(1000);
                        file(out, settingsPath(e, a), settings(values[e][a], random.nextInt(5) == 0));
                    }
                }
                out.write('\n');
            }
        }
        assertThat(git.waitFor(1, TimeUnit.MINUTES) && git.exitValue() == 0)
                .as("git fast-import succeeded")
                .isTrue();
    }

    private static void commit(OutputStream out, long time, String message, boolean first) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        write(
                out,
                "commit refs/heads/main\nauthor Bob <bob@example.com> " + time
                        + " +0000\ncommitter Bob <bob@example.com> " + time + " +0000\ndata " + text.length + "\n");
        out.write(text);
        out.write('\n');
        if (first) {
            write(out, "from refs/heads/main^0\n");
        }
    }

    private static void file(OutputStream out, String path, byte[] content) throws IOException {
        write(out, "M 100644 inline " + path + "\ndata " + content.length + "\n");
        out.write(content);
        out.write('\n');
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] settings(String[] values, boolean byHand) {
        TreeMap<SettingKey, String> map = new TreeMap<>();
        for (int k = 0; k < values.length; k++) {
            if (values[k] != null) {
                map.put(key(k), values[k]);
            }
        }
        byte[] canonical = SettingsFile.write(new Settings(map), Schema.EMPTY);
        if (!byHand) {
            return canonical;
        }
        return ("# edited by hand\n" + new String(canonical, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static String settingsPath(int e, int a) {
        return RepositoryLayout.settings(app(a), new EnvName(ENVS[e]));
    }

    private static AppName app(int a) {
        return new AppName("app-" + a);
    }

    private static SettingKey key(int k) {
        return new SettingKey("key." + k);
    }

    /** A copy of the repository without the commit-graph and the saved changed keys: what plain Git left. */
    private static Path withoutIndexes(Path dataDir, Path copy) throws IOException {
        Path from = dataDir.resolve("config.git");
        Path to = copy.resolve("config.git");
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        Files.deleteIfExists(to.resolve("objects/info/commit-graph"));
        Files.deleteIfExists(to.resolve(ChangedKeys.FILE));
        return copy;
    }

    private static Repository repository(Path dataDir) throws IOException {
        return new FileRepository(dataDir.resolve("config.git").toFile());
    }

    private static int commitCount(Path dataDir) throws IOException {
        try (Repository repository = repository(dataDir);
                RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("main")));
            int count = 0;
            for (RevCommit ignored : walk) {
                count++;
            }
            return count;
        }
    }
}
