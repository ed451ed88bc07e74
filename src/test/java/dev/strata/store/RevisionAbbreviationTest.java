package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.ChangeSet;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Abbreviated commit ids, as every page shows them, resolve like {@code git rev-parse} on main's history. */
class RevisionAbbreviationTest {

    private InMemoryRepository repository;
    private GitConfigStore store;

    @BeforeEach
    void open() throws IOException {
        repository = new InMemoryRepository(new DfsRepositoryDescription("test"));
        store = GitConfigStore.initialise(repository);
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Revision commit(String value) {
        return store.commit(new ChangeSet(
                        PAYMENTS,
                        DEV,
                        new TreeMap<>(Map.of(new SettingKey("A"), value)),
                        new TreeSet<>(),
                        "A is " + value,
                        ALICE,
                        store.head()))
                .revision();
    }

    @Test
    void the_seven_digits_a_page_shows_resolve_to_the_commit_in_either_case() {
        Revision commit = commit("1");

        assertThat(store.resolve(commit.abbreviated())).isEqualTo(commit);
        assertThat(store.resolve(commit.id().substring(0, 4).toUpperCase())).isEqualTo(commit);
        assertThat(store.resolve(commit.id())).isEqualTo(commit);
    }

    @Test
    void an_abbreviation_that_several_commits_start_with_is_refused_with_their_longer_ids() {
        Map<String, Revision> byPrefix = new HashMap<>();
        String shared = null;
        Revision first = null;
        Revision second = null;
        // about 300 commits until two of them share their first 4 digits
        for (int i = 0; shared == null; i++) {
            Revision revision = commit(Integer.toString(i));
            String prefix = revision.id().substring(0, 4);
            first = byPrefix.putIfAbsent(prefix, revision);
            if (first != null) {
                shared = prefix;
                second = revision;
            }
        }

        String ambiguous = shared;
        assertThatThrownBy(() -> store.resolve(ambiguous))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + ambiguous + "' is the start of")
                .hasMessageContaining(first.id().substring(0, 7))
                .hasMessageContaining(second.id().substring(0, 7))
                .hasMessageContaining("give more digits");
        assertThat(store.resolve(first.id().substring(0, 12))).isEqualTo(first);
    }

    @Test
    void a_commit_off_the_main_branch_is_not_a_revision_to_look_at() throws IOException {
        Revision head = commit("1");
        CommitWriter.Written offMain;
        try (RevWalk walk = new RevWalk(repository)) {
            PersonIdent alice = new PersonIdent(ALICE.name(), ALICE.email());
            offMain = CommitWriter.write(
                    repository,
                    Clock.systemDefaultZone(),
                    walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(head.id())),
                    Map.of("environments/dev/payments.yaml", "A: 2\n".getBytes()),
                    alice,
                    alice,
                    "Proposed, never merged");
        }

        assertThatThrownBy(() -> store.resolve(offMain.id().name().substring(0, 7)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("is not a commit of the main branch");
        assertThatThrownBy(() -> store.resolve(offMain.tree().name())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.resolve("ab".repeat(20)))
                .as("no such object")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void what_is_not_four_to_forty_hexadecimal_digits_is_refused() {
        assertThatThrownBy(() -> store.resolve("abc"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("4 to 40 hexadecimal digits");
        assertThatThrownBy(() -> store.resolve("yesterday")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> store.resolve("a".repeat(41))).isInstanceOf(ValidationException.class);
    }
}
