package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static dev.strata.store.GitConfigStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.Actor;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every commit writes one pack; small packs are merged so that reads do not slow down with their number. */
@ExtendWith(OutputCaptureExtension.class)
class PackConsolidationTest {

    @TempDir
    Path dataDir;

    private Path packDirectory() {
        return dataDir.resolve("config.git/objects/pack");
    }

    private List<Path> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .toList();
        }
    }

    private FileRepository repository() throws IOException {
        return (FileRepository) new FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("config.git").toFile())
                .setMustExist(true)
                .build();
    }

    private static ObjectId commit(Repository repository, int i) throws IOException {
        ObjectId head = repository.exactRef(RepositoryLayout.MAIN).getObjectId();
        try (RevWalk walk = new RevWalk(repository)) {
            CommitWriter.Written written = CommitWriter.commit(
                    repository,
                    Clock.systemDefaultZone(),
                    new LocalRefs(repository),
                    walk.parseCommit(head),
                    Map.of(
                            "environments/dev/app-" + i % 7 + ".yaml",
                            ("KEY: v" + i + "\n").getBytes(StandardCharsets.UTF_8)),
                    GitConfigStore.serviceIdentity(),
                    GitConfigStore.serviceIdentity(),
                    "Commit " + i);
            assertThat(written.outcome()).isEqualTo(CommitWriter.Outcome.COMMITTED);
            return written.id();
        }
    }

    /** Opens every object reachable from main, as a reader would; fails on any missing one. */
    private static int readEverything(Repository repository) throws IOException {
        int objects = 0;
        try (ObjectWalk walk = new ObjectWalk(repository)) {
            walk.markStart(
                    walk.parseCommit(repository.exactRef(RepositoryLayout.MAIN).getObjectId()));
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                repository.open(commit).getBytes();
                objects++;
            }
            for (RevObject object = walk.nextObject(); object != null; object = walk.nextObject()) {
                repository.open(object).getBytes();
                objects++;
            }
        }
        return objects;
    }

    @Test
    void a_commit_writes_its_objects_as_one_pack_and_no_loose_objects() throws IOException {
        GitConfigStore.open(dataDir).close();
        try (FileRepository repository = repository()) {
            List<Path> before = files(packDirectory(), ".pack");
            ObjectId id = commit(repository, 1);

            List<Path> after = files(packDirectory(), ".pack");
            assertThat(after).hasSize(before.size() + 1).containsAll(before);
            assertThat(files(packDirectory(), ".idx")).hasSize(after.size());
            try (Stream<Path> objects = Files.list(dataDir.resolve("config.git/objects"))) {
                assertThat(objects.map(path -> path.getFileName().toString()))
                        .as("no loose object directories and no temporary files left")
                        .containsExactlyInAnyOrder("pack", "info");
            }
            try (FileRepository fresh = repository()) {
                assertThat(fresh.getObjectDatabase().has(id)).isTrue();
                assertThat(readEverything(fresh))
                        .as("2 commits, 4 trees, 2 files")
                        .isEqualTo(8);
            }
        }
    }

    @Test
    void merging_small_packs_keeps_every_object_and_leaves_one_pack() throws IOException {
        GitConfigStore.open(dataDir).close();
        try (FileRepository repository = repository()) {
            for (int i = 0; i < 20; i++) {
                commit(repository, i);
            }
            assertThat(files(packDirectory(), ".pack")).hasSize(21);
            int objects = readEverything(repository);

            assertThat(PackConsolidation.consolidate(repository)).isEqualTo(21);

            assertThat(files(packDirectory(), ".pack")).hasSize(1);
            assertThat(files(packDirectory(), ".idx")).hasSize(1);
            assertThat(readEverything(repository))
                    .as("read through the packs JGit had open")
                    .isEqualTo(objects);
            try (FileRepository fresh = repository()) {
                assertThat(readEverything(fresh)).isEqualTo(objects);
            }
            assertThat(PackConsolidation.consolidate(repository))
                    .as("nothing left to merge")
                    .isZero();
        }
    }

    @Test
    void the_large_pack_of_maintenance_is_left_alone_while_the_small_ones_after_it_are_merged() throws IOException {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            for (int i = 0; i < 30; i++) {
                store.commit(set(store.head(), ALICE, "Change " + i, "server.port", String.valueOf(9000 + i)));
            }
            store.maintain();
        }
        List<Path> maintained = files(packDirectory(), ".pack");
        try (FileRepository repository = repository()) {
            for (int i = 0; i < 5; i++) {
                commit(repository, i);
            }
            int objects = readEverything(repository);

            assertThat(PackConsolidation.consolidate(repository)).isEqualTo(5);

            assertThat(files(packDirectory(), ".pack"))
                    .hasSize(maintained.size() + 1)
                    .containsAll(maintained);
            assertThat(readEverything(repository)).isEqualTo(objects);
        }
    }

    @Test
    void a_store_that_keeps_committing_keeps_few_packs() throws IOException {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            for (int i = 0; i < 100; i++) {
                store.commit(set(store.head(), ALICE, "Change " + i, "server.port", String.valueOf(9000 + i)));
            }
        }
        assertThat(files(packDirectory(), ".pack"))
                .as("102 commits, each of which wrote a pack")
                .hasSizeLessThan(20);
        try (FileRepository repository = repository()) {
            assertThat(readEverything(repository)).isGreaterThan(102 * 3);
        }
    }

    @Test
    void a_busy_review_keeps_few_packs_too() throws IOException {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            var about = new ChangeRequest.About(
                    ChangeRequest.Kind.EDIT, PAYMENTS, null, new EnvName("staging"), "Port", "", null, null);
            var actor = new Actor("alice", ALICE);
            long id = store.changeRequests()
                    .open(
                            about,
                            new Proposal(
                                    store.head(),
                                    new TreeMap<>(Map.of(new SettingKey("server.port"), "9000")),
                                    new TreeSet<>()),
                            actor)
                    .id();
            for (int i = 0; i < 100; i++) {
                String text = "Comment " + i;
                store.changeRequests()
                        .append(
                                id,
                                current -> new ChangeRequestStore.Step(
                                        ChangeRequestEvent.Type.COMMENTED, actor, text, null, null));
            }
            assertThat(store.changeRequests().get(id).comments()).hasSize(100);
        }
        assertThat(files(packDirectory(), ".pack"))
                .as("102 review writes, each of which wrote a pack")
                .hasSizeLessThan(20);
    }

    @Test
    void readers_of_old_revisions_keep_reading_while_packs_are_merged_and_deleted(CapturedOutput output)
            throws Exception {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Revision created = store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
            List<Revision> revisions = new CopyOnWriteArrayList<>(List.of(created));
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        for (Revision revision : revisions) {
                            store.diff(created, revision, PAYMENTS, GitConfigStoreTest.DEV);
                        }
                        store.history(HistoryQuery.latest(20));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            for (int i = 0; i < 80; i++) {
                revisions.add(
                        store.commit(set(store.head(), ALICE, "Change " + i, "server.port", String.valueOf(9000 + i)))
                                .revision());
            }
            done.set(true);
            reader.join();
            assertThat(failure.get()).isNull();
        }
        assertThat(files(packDirectory(), ".pack")).hasSizeLessThan(20);
        assertThat(output.getAll())
                .doesNotContain("Unable to read packfile", "Failed to access pack file", "might be corrupt");
    }
}
