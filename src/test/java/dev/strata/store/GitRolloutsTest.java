package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.GitCli;
import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollouts in a real repository on disk: the ref, its record, and what completing and aborting leave. */
class GitRolloutsTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final EnvName STAGING = new EnvName("staging");
    static final Actor ALICE = new Actor("alice", new Author("Alice Liddell", "alice@example.com"));
    static final Rollout.Selector CANARIES = Rollout.Selector.byLabels(Map.of("canary", "true"));

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

    private Rollout start() {
        var set = new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "DEBUG"));
        ChangeRequest request = store.changeRequests()
                .open(
                        new ChangeRequest.About(
                                ChangeRequest.Kind.EDIT, PAYMENTS, null, STAGING, "Debug logs", "", null, null),
                        new Proposal(store.head(), set, new TreeSet<>()),
                        ALICE);
        var changes = new ChangeSet(
                PAYMENTS,
                STAGING,
                set,
                new TreeSet<>(),
                "Debug logs\n\nChange-Request: " + request.id(),
                ALICE.author(),
                store.head());
        return store.rollouts().start(request.id(), changes, CANARIES, ALICE, "Started");
    }

    private String git(String... args) {
        return GitCli.in(dataDir.resolve("config.git"), args).strip();
    }

    @Test
    void starting_writes_the_candidate_beside_main_and_a_ref_whose_record_names_it() {
        Revision main = store.head();
        Rollout rollout = start();

        assertThat(store.head()).as("main stays").isEqualTo(main);
        assertThat(git("rev-parse", "refs/strata/rollouts/payments/staging^"))
                .isEqualTo(rollout.candidate().id());
        assertThat(git("rev-parse", rollout.candidate().id() + "^")).isEqualTo(main.id());
        assertThat(git("show", "refs/strata/rollouts/payments/staging:rollout.yaml"))
                .contains(
                        "changeRequest: \"1\"",
                        "labels: canary=true",
                        "candidate: " + rollout.candidate().id(),
                        "startedBy: alice");
        assertThat(store.snapshot(rollout.candidate())
                        .settings(PAYMENTS, STAGING)
                        .get(new SettingKey("LOG_LEVEL")))
                .contains("DEBUG");
        assertThat(store.changeRequests().get(1).events())
                .extracting(ChangeRequestEvent::type)
                .containsExactly(ChangeRequestEvent.Type.OPENED, ChangeRequestEvent.Type.COMMENTED);
        assertThatThrownBy(this::start)
                .as("one at a time per application and environment")
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void a_reopened_store_reads_the_same_rollout_and_completing_fast_forwards_main_and_deletes_the_ref() {
        Rollout rollout = start();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.rollouts().all()).containsExactly(rollout);

        Revision merged = store.rollouts().complete(rollout, ALICE, "Completed");
        assertThat(merged).isEqualTo(rollout.candidate());
        assertThat(store.head()).isEqualTo(rollout.candidate());
        assertThat(store.rollouts().all()).isEmpty();
        assertThat(git("for-each-ref", "refs/strata/rollouts/")).isEmpty();
        ChangeRequest request = store.changeRequests().get(rollout.changeRequest());
        assertThat(request.state()).isEqualTo(ChangeRequest.State.MERGED);
        assertThat(request.events().getLast().revision()).isEqualTo(rollout.candidate());
        assertThatThrownBy(() -> store.rollouts().complete(rollout, ALICE, "again"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aborting_deletes_the_ref_leaves_main_and_records_who() {
        Revision main = store.head();
        Rollout rollout = start();
        store.rollouts().abort(rollout, new Actor("bob", new Author("Bob Builder", "bob@example.com")), "Aborted");

        assertThat(store.head()).isEqualTo(main);
        assertThat(store.rollouts().all()).isEmpty();
        ChangeRequestEvent last =
                store.changeRequests().get(rollout.changeRequest()).events().getLast();
        assertThat(last.actor().username()).isEqualTo("bob");
        assertThat(last.text()).isEqualTo("Aborted");
        assertThat(store.changeRequests().get(rollout.changeRequest()).isOpen()).isTrue();
    }

    @Test
    void a_ref_pushed_by_hand_that_is_no_rollout_record_is_ignored() {
        Rollout rollout = start();
        git("update-ref", "refs/strata/rollouts/payments/dev", store.head().id());
        git("update-ref", "refs/strata/rollouts/evil", store.head().id());

        assertThat(store.rollouts().all()).containsExactly(rollout);
        assertThat(new AppEnv(PAYMENTS, STAGING)).isEqualTo(rollout.target());
    }
}
