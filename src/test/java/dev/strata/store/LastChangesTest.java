package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.LastChange;
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
}
