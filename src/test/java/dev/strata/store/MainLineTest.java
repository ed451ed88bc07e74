package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which commits are on main, as main moves: answers remembered for one head stay right for the next,
 * whether main moved on, took in a commit that was off it, or was rewritten.
 */
class MainLineTest {

    private InMemoryRepository repository;
    private EmptyCommits commits;
    private MainLine mainLine;

    @BeforeEach
    void open() throws IOException {
        repository = new InMemoryRepository(new DfsRepositoryDescription("main-line"));
        commits = new EmptyCommits(repository);
        mainLine = new MainLine(repository);
    }

    @AfterEach
    void close() {
        commits.close();
        repository.close();
    }

    private ObjectId commit(ObjectId... parents) throws IOException {
        return commits.commit(parents);
    }

    @Test
    void a_proposal_off_main_is_on_it_once_a_merge_brings_it_there() throws IOException {
        ObjectId first = commit();
        ObjectId second = commit(first);
        ObjectId proposal = commit(second);
        ObjectId third = commit(second);
        assertThat(mainLine.contains(third, first)).isTrue();
        assertThat(mainLine.contains(third, proposal)).isFalse();

        ObjectId merge = commit(third, proposal);

        assertThat(mainLine.contains(merge, proposal)).as("merged").isTrue();
        assertThat(mainLine.contains(merge, first)).isTrue();
        assertThat(mainLine.contains(merge, third)).isTrue();
    }

    @Test
    void a_rewrite_takes_the_commits_it_dropped_off_main() throws IOException {
        ObjectId first = commit();
        ObjectId second = commit(first);
        ObjectId third = commit(second);
        assertThat(mainLine.contains(third, second)).isTrue();
        assertThat(mainLine.contains(third, first)).isTrue();

        ObjectId rewritten = commit(first);

        assertThat(mainLine.contains(rewritten, second))
                .as("dropped by the rewrite")
                .isFalse();
        assertThat(mainLine.contains(rewritten, third)).as("the old head").isFalse();
        assertThat(mainLine.contains(rewritten, first)).isTrue();
        assertThat(mainLine.contains(third, second))
                .as("the old head asked for again")
                .isTrue();
    }

    @Test
    void main_moved_further_than_the_old_head_is_looked_for_answers_as_well() throws IOException {
        ObjectId first = commit();
        ObjectId proposal = commit(first);
        ObjectId head = commit(first);
        assertThat(mainLine.contains(head, first)).isTrue();
        assertThat(mainLine.contains(head, proposal)).isFalse();

        ObjectId merge = commit(head, proposal);
        ObjectId far = merge;
        for (int i = 0; i < MainLine.FAST_FORWARD_REACH + 10; i++) {
            far = commit(far);
        }

        assertThat(mainLine.contains(far, first)).isTrue();
        assertThat(mainLine.contains(far, proposal)).isTrue();
        assertThat(mainLine.contains(far, merge)).isTrue();
        assertThat(mainLine.contains(far, commits.tree()))
                .as("a tree is no commit")
                .isFalse();
    }
}
