package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.BOB;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.GitCli;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.BlameEntry;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeyChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    private static final AppName ORDERS = new AppName("orders");
    private static final EnvName STAGING = new EnvName("staging");
    private static final SettingKey A = new SettingKey("A");
    private static final SettingKey B = new SettingKey("B");

    @TempDir
    Path dataDir;

    private GitConfigStore store;
    private Revision created;
    private Revision one;
    private Revision two;
    private Revision three;
    private Revision four;

    @BeforeEach
    void history() {
        store = GitConfigStore.open(dataDir);
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
        created = store.createApplication(ORDERS, PAYMENTS_SCHEMA, ALICE, "Create orders");
        one = commit(PAYMENTS, DEV, ALICE, "One", Map.of("A", "1", "B", "1"), Set.of());
        two = commit(PAYMENTS, STAGING, BOB, "Two", Map.of("A", "s"), Set.of());
        three = commit(ORDERS, DEV, BOB, "Three", Map.of("A", "o"), Set.of());
        four = commit(PAYMENTS, DEV, BOB, "Four", Map.of("A", "2"), Set.of("B"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Revision commit(
            AppName app, EnvName env, Author author, String message, Map<String, String> set, Set<String> unset) {
        TreeMap<SettingKey, String> values = new TreeMap<>();
        set.forEach((k, v) -> values.put(new SettingKey(k), v));
        TreeSet<SettingKey> removed = new TreeSet<>();
        unset.forEach(k -> removed.add(new SettingKey(k)));
        return store.commit(new ChangeSet(app, env, values, removed, message, author, store.head()))
                .revision();
    }

    private static List<Revision> revisions(HistoryPage page) {
        return page.entries().stream().map(HistoryEntry::revision).toList();
    }

    @Test
    void the_history_lists_commits_newest_first_with_per_key_before_and_after() {
        HistoryPage page = store.history(HistoryQuery.latest(10));
        assertThat(revisions(page)).startsWith(four, three, two, one, created).hasSize(7);
        HistoryEntry latest = page.entries().getFirst();
        assertThat(latest.author()).isEqualTo(BOB);
        assertThat(latest.message()).isEqualTo("Four\n");
        assertThat(latest.changes())
                .containsExactly(
                        new SettingChange(
                                new AppEnv(PAYMENTS, DEV), new KeyChange(A, KeyChange.Kind.CHANGED, "1", "2")),
                        new SettingChange(
                                new AppEnv(PAYMENTS, DEV), new KeyChange(B, KeyChange.Kind.REMOVED, "1", null)));
        assertThat(page.entries().get(4).otherPaths()).containsExactly("schemas/orders.yaml");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void the_history_filters_by_application_environment_key_and_author() {
        assertThat(revisions(store.history(new HistoryQuery(PAYMENTS, null, null, null, null, null, 10, null))))
                .containsExactly(
                        four,
                        two,
                        one,
                        store.history(HistoryQuery.latest(10)).entries().get(5).revision());
        assertThat(revisions(store.history(new HistoryQuery(null, DEV, null, null, null, null, 10, null))))
                .containsExactly(four, three, one);
        assertThat(revisions(store.history(new HistoryQuery(PAYMENTS, DEV, null, null, null, null, 10, null))))
                .containsExactly(four, one);
        assertThat(revisions(store.history(HistoryQuery.ofKey(PAYMENTS, DEV, B, 10))))
                .containsExactly(four, one);
        assertThat(revisions(store.history(new HistoryQuery(null, null, A, null, null, null, 10, null))))
                .containsExactly(four, three, two, one);
        assertThat(revisions(store.history(new HistoryQuery(null, null, null, "BOB@example", null, null, 10, null))))
                .containsExactly(four, three, two);
        HistoryEntry keyOnly =
                store.history(HistoryQuery.ofKey(PAYMENTS, DEV, B, 1)).entries().getFirst();
        assertThat(keyOnly.changes()).extracting(c -> c.change().key()).containsExactly(B);
    }

    @Test
    void the_history_filters_by_time() {
        Instant future = Instant.now().plusSeconds(3600);
        assertThat(store.history(new HistoryQuery(null, null, null, null, future, null, 10, null))
                        .entries())
                .isEmpty();
        assertThat(store.history(new HistoryQuery(null, null, null, null, null, future, 10, null))
                        .entries())
                .hasSize(7);
        Instant past = Instant.now().minusSeconds(3600);
        assertThat(store.history(new HistoryQuery(null, null, null, null, past, null, 10, null))
                        .entries())
                .hasSize(7);
        assertThat(store.history(new HistoryQuery(null, null, null, null, null, past, 10, null))
                        .entries())
                .isEmpty();
    }

    @Test
    void pages_continue_where_the_previous_one_ended_even_after_new_commits() {
        HistoryQuery query = new HistoryQuery(null, null, A, null, null, null, 2, null);
        HistoryPage first = store.history(query);
        assertThat(revisions(first)).containsExactly(four, three);
        commit(PAYMENTS, DEV, ALICE, "Later", Map.of("A", "3"), Set.of());
        HistoryPage second = store.history(query.after(first.nextCursor()));
        assertThat(revisions(second)).containsExactly(two, one);
        HistoryPage third = store.history(query.after(second.nextCursor()));
        assertThat(third.entries()).isEmpty();
        assertThat(third.nextCursor()).isNull();
        assertThatThrownBy(() -> store.history(query.after("garbage")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void one_commit_is_shown_with_its_key_diff() {
        HistoryEntry entry = store.commit(two);
        assertThat(entry.author()).isEqualTo(BOB);
        assertThat(entry.changes())
                .containsExactly(new SettingChange(
                        new AppEnv(PAYMENTS, STAGING), new KeyChange(A, KeyChange.Kind.ADDED, null, "s")));
        assertThatThrownBy(() -> store.commit(new Revision("0123456789abcdef0123456789abcdef01234567")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void blame_names_the_last_change_of_each_key() {
        Revision five = commit(PAYMENTS, DEV, ALICE, "Five", Map.of("C", "c"), Set.of());
        List<BlameEntry> blame = store.blame(PAYMENTS, DEV);
        assertThat(blame).extracting(BlameEntry::key).containsExactly(A, new SettingKey("C"));
        assertThat(blame.get(0).value()).isEqualTo("2");
        assertThat(blame.get(0).commit().revision()).isEqualTo(four);
        assertThat(blame.get(0).commit().author()).isEqualTo(BOB);
        assertThat(blame.get(1).commit().revision()).isEqualTo(five);
        assertThat(store.blame(ORDERS, STAGING)).isEmpty();
    }

    @Test
    void the_diff_between_two_revisions_is_key_by_key() {
        assertThat(store.diff(one, four, PAYMENTS, DEV))
                .containsExactly(
                        new KeyChange(A, KeyChange.Kind.CHANGED, "1", "2"),
                        new KeyChange(B, KeyChange.Kind.REMOVED, "1", null));
        assertThat(store.diff(created, one, PAYMENTS, DEV)).hasSize(2);
        assertThat(store.diff(four, four, PAYMENTS, DEV)).isEmpty();
    }

    @Test
    void history_survives_maintenance_which_writes_the_commit_graph() {
        store.maintain();
        assertThat(dataDir.resolve("config.git/objects/info/commit-graph")).exists();
        assertThat(dataDir.resolve("config.git/packed-refs")).exists();
        assertThat(revisions(store.history(HistoryQuery.ofKey(PAYMENTS, DEV, A, 10))))
                .containsExactly(four, one);
        assertThat(store.history(HistoryQuery.ofKey(PAYMENTS, DEV, A, 10)).entries())
                .as("commits read through the commit-graph still have their author and message")
                .allSatisfy(entry -> assertThat(entry.author().name()).isNotBlank())
                .allSatisfy(entry -> assertThat(entry.message()).isNotBlank());
        assertThat(store.history(HistoryQuery.latest(100)).entries()).hasSize(7);
        List<Revision> afterMaintenance = new ArrayList<>();
        afterMaintenance.add(commit(PAYMENTS, DEV, ALICE, "After", Map.of("A", "9"), Set.of()));
        assertThat(store.snapshot().settings(PAYMENTS, DEV).get(A)).contains("9");
        assertThat(revisions(store.history(HistoryQuery.ofKey(PAYMENTS, DEV, A, 10))))
                .startsWith(afterMaintenance.getFirst());
    }

    @Test
    void maintenance_saves_the_keys_each_commit_changed_and_a_restart_reads_them() {
        HistoryQuery keyA = new HistoryQuery(null, null, A, null, null, null, 10, null);
        store.maintain();
        assertThat(dataDir.resolve("config.git").resolve(ChangedKeys.FILE)).exists();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(revisions(store.history(keyA))).containsExactly(four, three, two, one);
        assertThat(revisions(store.history(new HistoryQuery(null, null, B, null, null, null, 10, null))))
                .containsExactly(four, one);
        Revision five = commit(ORDERS, STAGING, ALICE, "Five", Map.of("A", "5"), Set.of());
        assertThat(revisions(store.history(keyA))).containsExactly(five, four, three, two, one);
    }

    @Test
    void only_the_head_of_main_and_its_ancestors_are_on_main() {
        Path git = dataDir.resolve("config.git");
        Revision offMain = new Revision(GitCli.in(
                        git,
                        "-c",
                        "user.name=Mallory",
                        "-c",
                        "user.email=m@example.com",
                        "commit-tree",
                        four.id() + "^{tree}",
                        "-p",
                        four.id(),
                        "-m",
                        "Proposed, never merged")
                .strip());
        Revision tree =
                new Revision(GitCli.in(git, "rev-parse", four.id() + "^{tree}").strip());
        Revision unknown = new Revision("0123456789abcdef0123456789abcdef01234567");

        assertThat(List.of(four, three, one, created).stream().allMatch(store::onMain))
                .isTrue();
        assertThat(List.of(offMain, tree, unknown).stream().noneMatch(store::onMain))
                .isTrue();
        assertThatThrownBy(() -> store.commit(offMain))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("There is no revision " + offMain.id() + " in the history of main.");

        Revision five = commit(PAYMENTS, DEV, ALICE, "Five", Map.of("A", "5"), Set.of());
        assertThat(store.onMain(five)).isTrue();
        assertThat(store.onMain(four)).as("still, after main moved").isTrue();
        assertThat(store.onMain(offMain)).isFalse();
    }
}
