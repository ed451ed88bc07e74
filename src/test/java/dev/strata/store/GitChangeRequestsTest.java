package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.Actor;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent.Type;
import dev.strata.config.ChangeRequestStore.Merge;
import dev.strata.config.ChangeRequestStore.Step;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.NotFoundException;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change requests in a real repository on disk: refs, commits, concurrency and reading back. */
class GitChangeRequestsTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final EnvName DEV = new EnvName("dev");
    static final EnvName STAGING = new EnvName("staging");
    static final Actor ALICE = new Actor("alice", new Author("Alice Liddell", "alice@example.com"));

    @TempDir
    Path dataDir;

    private GitConfigStore store;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
        store.createApplication(PAYMENTS, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE.author(), "Create payments");
        store.commit(new ChangeSet(
                PAYMENTS,
                STAGING,
                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "INFO")),
                new TreeSet<>(),
                "staging",
                ALICE.author(),
                store.head()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Actor actor(String name) {
        return new Actor(
                name, new Author(name.substring(0, 1).toUpperCase() + name.substring(1), name + "@example.com"));
    }

    private ChangeRequest openPromotion(GitConfigStore on, String title) {
        var about =
                new ChangeRequest.About(ChangeRequest.Kind.PROMOTION, PAYMENTS, DEV, STAGING, title, "", null, null);
        var proposal = new Proposal(
                on.head(),
                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG")),
                new TreeSet<>(Set.of(new SettingKey("server.port"))));
        return on.changeRequests().open(about, proposal, ALICE);
    }

    @Test
    void opening_writes_the_proposal_on_a_branch_and_the_record_under_refs_strata() throws Exception {
        Revision base = store.head();
        ChangeRequest request = openPromotion(store, "Debug logs in staging");

        assertThat(request.id()).isEqualTo(1);
        assertThat(request.author()).isEqualTo(ALICE);
        assertThat(request.proposal().base()).isEqualTo(base);
        assertThat(request.proposal().set()).containsExactly(Map.entry(new SettingKey("LOG_LEVEL"), "DEBUG"));
        assertThat(request.proposal().unset())
                .as("unsetting an absent key proposes nothing")
                .isEmpty();
        try (Repository git = new FileRepositoryBuilder()
                        .setGitDir(dataDir.resolve("config.git").toFile())
                        .build();
                RevWalk walk = new RevWalk(git)) {
            RevCommit branch =
                    walk.parseCommit(git.exactRef("refs/heads/changes/1").getObjectId());
            assertThat(branch.getParent(0).name()).isEqualTo(base.id());
            assertThat(branch.getFullMessage()).isEqualTo("Debug logs in staging\n\nChange-Request: 1\n");
            RevCommit record =
                    walk.parseCommit(git.exactRef("refs/strata/changes/1").getObjectId());
            assertThat(record.getParentCount()).isZero();
            assertThat(record.getAuthorIdent().getName()).isEqualTo("Alice Liddell");
            assertThat(record.getCommitterIdent().getName()).isEqualTo("Strata");
            assertThat(git.exactRef("refs/heads/main").getObjectId().name())
                    .as("main is untouched")
                    .isEqualTo(base.id());
        }
    }

    @Test
    void every_event_is_a_commit_by_its_actor_and_everything_is_read_back_after_a_restart() throws Exception {
        long id = openPromotion(store, "Debug logs").id();
        store.changeRequests().append(id, current -> new Step(Type.COMMENTED, actor("bob"), "Why DEBUG?", null, null));
        store.changeRequests().append(id, current -> Step.of(Type.APPROVED, actor("bob")));
        Revision newBase = store.head();
        store.changeRequests()
                .append(
                        id,
                        current -> new Step(
                                Type.REFRESHED,
                                actor("carol"),
                                null,
                                null,
                                new Proposal(
                                        newBase,
                                        new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "WARN")),
                                        new TreeSet<>())));
        store.close();

        store = GitConfigStore.open(dataDir);
        ChangeRequest read = store.changeRequests().get(id);
        assertThat(read.events())
                .extracting(e -> e.type() + " " + e.actor().username())
                .containsExactly("OPENED alice", "COMMENTED bob", "APPROVED bob", "REFRESHED carol");
        assertThat(read.comments().getFirst().text()).isEqualTo("Why DEBUG?");
        assertThat(read.approvals()).as("the refresh discarded bob's approval").isEmpty();
        assertThat(read.contributors()).containsExactly("alice", "carol");
        assertThat(read.proposal().set()).containsExactly(Map.entry(new SettingKey("LOG_LEVEL"), "WARN"));
        try (Repository git = new FileRepositoryBuilder()
                        .setGitDir(dataDir.resolve("config.git").toFile())
                        .build();
                RevWalk walk = new RevWalk(git)) {
            RevCommit tip =
                    walk.parseCommit(git.exactRef("refs/strata/changes/" + id).getObjectId());
            assertThat(tip.getAuthorIdent().getEmailAddress()).isEqualTo("carol@example.com");
            assertThat(tip.getShortMessage()).isEqualTo("Carol refreshed change request " + id);
        }
    }

    @Test
    void concurrent_events_from_the_store_and_another_writer_on_its_repository_are_all_kept() throws Exception {
        long id = openPromotion(store, "Debug logs").id();
        // one Strata per data directory; the other writer has the repository open as a git command would
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("config.git").toFile())
                .build()) {
            List<GitChangeRequests> writers = List.of(
                    store.changeRequests(),
                    new GitChangeRequests(
                            repository,
                            new LocalRefs(repository),
                            () -> {},
                            Clock.systemUTC(),
                            plan -> {
                                throw new UnsupportedOperationException("this writer only comments and approves");
                            },
                            GitConfigStore.DEFAULT_WRITE_PATIENCE));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                GitChangeRequests on = writers.get(t % 2);
                Actor who = actor("reviewer" + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        String text = "comment " + i;
                        on.append(id, current -> new Step(Type.COMMENTED, who, text, null, null));
                    }
                    on.append(id, current -> Step.of(Type.APPROVED, who));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        ChangeRequest read = store.changeRequests().get(id);
        assertThat(read.comments()).hasSize(80);
        assertThat(read.approvals()).hasSize(8);
    }

    @Test
    void ids_opened_concurrently_are_distinct_sequential_and_never_reused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String title = "Request " + i;
            ids.add(pool.submit(() -> openPromotion(store, title).id()));
        }
        List<Long> got = new ArrayList<>();
        for (Future<Long> id : ids) {
            got.add(id.get());
        }
        pool.shutdown();
        assertThat(got).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(store.changeRequests().all()).extracting(ChangeRequest::id).startsWith(12L, 11L);
        for (long id = 1; id <= 12; id++) {
            assertThat(store.changeRequests().get(id).about().title()).isEqualTo("Request " + got.indexOf(id));
        }
    }

    @Test
    void a_refusal_in_the_decision_records_nothing() {
        long id = openPromotion(store, "Debug logs").id();
        assertThatThrownBy(() -> store.changeRequests().append(id, current -> {
                    throw new ValidationException("x", "no");
                }))
                .isInstanceOf(ValidationException.class);
        assertThat(store.changeRequests().append(id, current -> null).events()).hasSize(1);
        assertThatThrownBy(() -> store.changeRequests().get(42)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_record_pushed_by_hand_that_is_not_a_change_request_is_reported_with_its_ref() throws Exception {
        long id = openPromotion(store, "Debug logs").id();
        try (Repository git = new FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("config.git").toFile())
                .build()) {
            ObjectId main = git.exactRef("refs/heads/main").getObjectId();
            var update = git.updateRef("refs/strata/changes/" + (id + 1));
            update.setNewObjectId(main);
            update.update();
            Ref ref = git.exactRef("refs/strata/changes/" + (id + 1));
            assertThat(ref).isNotNull();
        }
        assertThatThrownBy(() -> store.changeRequests().get(id + 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refs/strata/changes/" + (id + 1))
                .hasMessageContaining("request.yaml");
        assertThat(store.changeRequests().get(id).about().title()).isEqualTo("Debug logs");
        assertThat(store.changeRequests().all())
                .as("the others are still listed")
                .extracting(ChangeRequest::id)
                .containsExactly(id);
    }

    private ChangeRequest merge(long id, Actor merger) {
        return store.changeRequests()
                .merge(
                        id,
                        current -> new Merge(
                                new ChangeSet(
                                        PAYMENTS,
                                        STAGING,
                                        current.proposal().set(),
                                        current.proposal().unset(),
                                        "Debug logs\n\nChange-Request: " + id,
                                        current.author().author(),
                                        current.proposal().base()),
                                merger));
    }

    @Test
    void a_merge_moves_main_and_the_record_together_naming_the_merge_commit() {
        long id = openPromotion(store, "Debug logs").id();

        ChangeRequest merged = merge(id, actor("bob"));

        assertThat(merged.state()).isEqualTo(ChangeRequest.State.MERGED);
        assertThat(merged.mergedRevision()).isEqualTo(store.head());
        assertThat(merged.events().getLast().actor().username()).isEqualTo("bob");
        assertThat(store.snapshot().settings(PAYMENTS, STAGING).get(new SettingKey("LOG_LEVEL")))
                .contains("DEBUG");
        assertThat(store.commit(store.head()).message()).contains("Change-Request: " + id);
    }

    @Test
    void a_merge_whose_record_cannot_move_leaves_main_as_it_was_and_the_request_open() throws Exception {
        // a short patience, so that the test does not sit out the production one
        store.close();
        store = GitConfigStore.open(
                dataDir, GitConfigStore.DEFAULT_STALE_LOCK_AGE, null, Clock.systemDefaultZone(), Duration.ofSeconds(1));
        long id = openPromotion(store, "Debug logs").id();
        Revision before = store.head();
        // the record's ref stays locked for longer than a write waits: the transaction is refused
        Path lock = Files.createDirectories(dataDir.resolve("config.git/refs/strata/changes/" + id + ".lock"));
        Files.writeString(lock.resolve("held"), "by a writer that never finishes");

        assertThatThrownBy(() -> merge(id, actor("bob"))).isInstanceOf(StoreException.class);

        assertThat(store.head()).as("main did not move").isEqualTo(before);
        assertThat(store.changeRequests().get(id).state()).isEqualTo(ChangeRequest.State.OPEN);
        Files.delete(lock.resolve("held"));
        Files.delete(lock);
        assertThat(merge(id, actor("bob")).mergedRevision())
                .isEqualTo(store.head())
                .isNotEqualTo(before);
    }
}
