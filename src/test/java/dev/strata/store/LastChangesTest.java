package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.LastChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's "last change" per application, from one bounded walk of the history. */
class LastChangesTest {

    static final Author ALICE = new Author("Alice Liddell", "alice@example.com");
    static final Author BOB = new Author("Bob Builder", "bob@example.com");

    @TempDir
    Path dataDir;

    @Test
    void each_application_gets_the_newest_commit_that_touched_its_schema_or_settings_within_the_bound() {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            AppName payments = new AppName("payments");
            AppName search = new AppName("search");
            store.createApplication(payments, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE, "Create payments");
            store.createApplication(search, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE, "Create search");
            store.commit(new ChangeSet(
                    payments,
                    new EnvName("staging"),
                    new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), "WARN")),
                    new TreeSet<>(),
                    "Quieter staging\n\nbecause",
                    BOB,
                    store.head()));

            Map<AppName, LastChange> last = store.lastChanges(100);
            assertThat(last.get(payments).author()).isEqualTo(BOB);
            assertThat(last.get(payments).subject()).isEqualTo("Quieter staging");
            assertThat(last.get(payments).revision()).isEqualTo(store.head());
            assertThat(last.get(search).subject()).isEqualTo("Create search");

            assertThat(store.lastChanges(1))
                    .as("only the newest commit is looked at")
                    .containsOnlyKeys(payments);
        }
    }

    @Test
    void the_last_changes_between_two_revisions_are_those_of_the_commits_after_the_first() {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            AppName payments = new AppName("payments");
            AppName search = new AppName("search");
            store.createApplication(payments, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE, "Create payments");
            store.createApplication(search, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE, "Create search");
            Revision listed = store.head();
            store.commit(change(store, payments, "WARN", "Quieter staging"));
            store.commit(change(store, payments, "ERROR", "Quietest staging"));

            Map<AppName, LastChange> since =
                    store.lastChanges(listed, store.head(), 100).orElseThrow();
            assertThat(since)
                    .as("search did not change after the listed revision")
                    .containsOnlyKeys(payments);
            assertThat(since.get(payments).subject()).isEqualTo("Quietest staging");
            assertThat(since.get(payments).author()).isEqualTo(BOB);
            assertThat(since.get(payments).revision()).isEqualTo(store.head());
            assertThat(store.lastChanges(store.head(), store.head(), 100)).contains(Map.of());
        }
    }

    @Test
    void between_revisions_where_the_second_does_not_descend_from_the_first_or_lies_too_far_ahead_there_is_no_answer() {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            AppName payments = new AppName("payments");
            store.createApplication(payments, GitConfigStoreTest.PAYMENTS_SCHEMA, ALICE, "Create payments");
            Revision created = store.head();
            store.commit(change(store, payments, "WARN", "Quieter staging"));
            store.commit(change(store, payments, "ERROR", "Quietest staging"));

            assertThat(store.lastChanges(store.head(), created, 100))
                    .as("backwards, as after a rewrite of main")
                    .isEmpty();
            assertThat(store.lastChanges(created, store.head(), 1))
                    .as("two commits ahead, at most one walked")
                    .isEmpty();
            assertThat(store.lastChanges(new Revision("0".repeat(40)), store.head(), 100))
                    .as("a revision the repository does not have")
                    .isEmpty();
        }
    }

    private static ChangeSet change(GitConfigStore store, AppName app, String level, String message) {
        return new ChangeSet(
                app,
                new EnvName("staging"),
                new TreeMap<>(Map.of(new SettingKey("LOG_LEVEL"), level)),
                new TreeSet<>(),
                message,
                BOB,
                store.head());
    }
}
