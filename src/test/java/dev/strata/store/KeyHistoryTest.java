package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history filtered by a key, on files Strata wrote and on files people wrote with plain Git. */
class KeyHistoryTest {

    private static final String PAYMENTS_DEV = "environments/dev/payments.yaml";
    private static final String ORDERS_PROD = "environments/production/orders.yaml";
    private static final SettingKey DB_URL = new SettingKey("db.url");
    private static final SettingKey DB_URL2 = new SettingKey("db.url2");
    private static final SettingKey A = new SettingKey("a");
    private static final SettingKey A_B = new SettingKey("a.b");

    private Repository repository;
    private GitConfigStore store;

    @BeforeEach
    void open() throws IOException {
        repository = new InMemoryRepository(new DfsRepositoryDescription("test"));
        store = GitConfigStore.initialise(repository);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Commits one file the way a person with plain Git access could. */
    private Revision push(String path, String content) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head =
                    walk.parseCommit(repository.exactRef(RepositoryLayout.MAIN).getObjectId());
            PersonIdent carol = new PersonIdent("Carol", "carol@example.com");
            CommitWriter.Written written = CommitWriter.commit(
                    repository,
                    Clock.systemDefaultZone(),
                    new LocalRefs(repository),
                    head,
                    Map.of(path, content.getBytes(StandardCharsets.UTF_8)),
                    carol,
                    carol,
                    "By hand");
            assertThat(written.outcome()).isEqualTo(CommitWriter.Outcome.COMMITTED);
            return new Revision(written.id().name());
        }
    }

    private List<Revision> keyHistory(SettingKey key) {
        return revisions(store.history(new HistoryQuery(null, null, key, null, null, null, 100, null)));
    }

    private static List<Revision> revisions(HistoryPage page) {
        return page.entries().stream().map(HistoryEntry::revision).toList();
    }

    /** The key's history is the full history's commits that list a change of the key, asked twice (the second time from what the first remembered). */
    private void assertKeyHistoryMatchesFullHistory(SettingKey... keys) {
        List<HistoryEntry> all = store.history(HistoryQuery.latest(100)).entries();
        for (int round = 0; round < 2; round++) {
            for (SettingKey key : keys) {
                List<Revision> expected = all.stream()
                        .filter(entry -> entry.changes().stream()
                                .anyMatch(change -> change.change().key().equals(key)))
                        .map(HistoryEntry::revision)
                        .toList();
                assertThat(keyHistory(key)).as("history of " + key).isEqualTo(expected);
            }
        }
    }

    @Test
    void a_key_is_found_in_canonical_files_and_a_key_sharing_its_prefix_is_not() throws IOException {
        Revision both = push(PAYMENTS_DEV, "a: 1\ndb.url: x\ndb.url2: y\n");
        Revision url2 = push(PAYMENTS_DEV, "a: 1\ndb.url: x\ndb.url2: z\n");
        Revision aB = push(PAYMENTS_DEV, "a: 1\na.b: 2\ndb.url: x\ndb.url2: z\n");
        Revision url = push(PAYMENTS_DEV, "a: 1\na.b: 2\ndb.url: \"8080\"\ndb.url2: z\n");
        Revision elsewhere = push(ORDERS_PROD, "db.url: w\n");

        assertThat(keyHistory(DB_URL)).containsExactly(elsewhere, url, both);
        assertThat(keyHistory(DB_URL2)).containsExactly(url2, both);
        assertThat(keyHistory(A)).containsExactly(both);
        assertThat(keyHistory(A_B)).containsExactly(aB);
        assertThat(store.history(HistoryQuery.ofKey(new AppName("payments"), new EnvName("dev"), DB_URL, 10))
                        .entries()
                        .getFirst()
                        .changes())
                .extracting(SettingChange::change)
                .containsExactly(new KeyChange(DB_URL, KeyChange.Kind.CHANGED, "x", "8080"));
        assertKeyHistoryMatchesFullHistory(DB_URL, DB_URL2, A, A_B);
    }

    @Test
    void a_key_is_found_in_hand_written_files_nested_or_quoted_and_a_key_sharing_its_prefix_is_not()
            throws IOException {
        Revision both = push(PAYMENTS_DEV, """
                # written by hand
                db:
                  url: x
                  url2: y
                """);
        Revision url2 = push(PAYMENTS_DEV, """
                # written by hand
                db:
                  url: x
                  url2: z   # changed
                """);
        Revision url = push(PAYMENTS_DEV, """
                "db.url": 'w'
                db: {url2: z}
                a: 1
                """);
        Revision aB = push(PAYMENTS_DEV, """
                "db.url": 'w'
                db: {url2: z}
                a: 1
                a.b: 2
                """);
        Revision sameValues = push(PAYMENTS_DEV, "a: 1\na.b: 2\ndb.url: w\ndb.url2: z\n");

        assertThat(keyHistory(DB_URL)).containsExactly(url, both);
        assertThat(keyHistory(DB_URL2)).containsExactly(url2, both);
        assertThat(keyHistory(A)).containsExactly(url);
        assertThat(keyHistory(A_B)).containsExactly(aB);
        assertThat(revisions(store.history(HistoryQuery.latest(1))))
                .as("rewritten in canonical form, same values")
                .containsExactly(sameValues);
        assertKeyHistoryMatchesFullHistory(DB_URL, DB_URL2, A, A_B);
    }

    @Test
    void a_file_that_cannot_be_read_counts_as_empty_for_the_key_filter_as_in_the_full_history() throws IOException {
        push(PAYMENTS_DEV, "a: 1\ndb.url: x\n");
        push(PAYMENTS_DEV, "a: 1\ndb.url: [unclosed\n");
        push(PAYMENTS_DEV, "a: 1\ndb.url: y\n");
        assertThat(keyHistory(A)).hasSize(3);
        assertKeyHistoryMatchesFullHistory(DB_URL, A);
    }
}
