package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which commits are on main when plain Git wrote the commit-graph ({@code git commit-graph write}, as
 * {@code git maintenance} does): the answers agree with JGit's own walk on histories with merges, side
 * branches and commits newer than the graph, and they come from the graph, not from the commit objects.
 */
class MainLineCommitGraphTest {

    @TempDir
    Path temp;

    private Repository repository;
    private EmptyCommits history;

    @BeforeEach
    void open() throws IOException {
        repository = FileRepositoryBuilder.create(temp.resolve("config.git").toFile());
        repository.create(true);
        repository.getConfig().setBoolean("core", null, "commitGraph", true);
        repository.getConfig().save();
        history = new EmptyCommits(repository);
    }

    @AfterEach
    void close() {
        history.close();
        repository.close();
    }

    @Test
    void answers_as_git_does_on_random_histories_partly_in_the_graph() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            List<ObjectId> commits = new ArrayList<>();
            commits.add(commit());
            grow(commits, 60, random);
            point("refs/heads/main", commits.getLast());
            point("refs/heads/side", commits.get(random.nextInt(commits.size())));
            writeGraphWithGit();
            // commits newer than the graph, some of them merging commits that only the graph has
            grow(commits, 15, random);
            ObjectId head = commits.get(commits.size() - 1 - random.nextInt(3));

            MainLine mainLine = new MainLine(repository);
            try (RevWalk walk = new RevWalk(repository)) {
                for (ObjectId commit : commits) {
                    boolean git = walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(head));
                    assertThat(mainLine.contains(head, commit))
                            .as("seed %d: %s on main at %s", seed, commit.name(), head.name())
                            .isEqualTo(git);
                    walk.reset();
                }
            }
        }
    }

    @Test
    void a_commit_deep_in_the_graph_is_found_without_reading_the_commits_above_it() throws Exception {
        ObjectId first = commit();
        ObjectId middle = first;
        for (int i = 0; i < 20; i++) {
            middle = commit(middle);
        }
        ObjectId head = middle;
        for (int i = 0; i < 20; i++) {
            head = commit(head);
        }
        ObjectId proposal = commit(middle);
        point("refs/heads/main", head);
        point("refs/heads/proposal", proposal);
        writeGraphWithGit();
        // the middle commit's object is gone: only the graph still knows its parent
        ObjectId newer = commit(head);
        deleteLooseObject(middle);

        MainLine mainLine = new MainLine(repository);

        assertThat(mainLine.contains(newer, first)).isTrue();
        assertThat(mainLine.contains(newer, proposal))
                .as("off main, and in the graph")
                .isFalse();
    }

    /** Adds {@code count} commits, each on one of the newest commits, a quarter of them merging an older one. */
    private void grow(List<ObjectId> commits, int count, Random random) throws IOException {
        for (int i = 0; i < count; i++) {
            ObjectId parent = commits.get(Math.max(0, commits.size() - 1 - random.nextInt(4)));
            if (random.nextInt(4) == 0) {
                commits.add(commit(parent, commits.get(random.nextInt(commits.size()))));
            } else {
                commits.add(commit(parent));
            }
        }
    }

    private ObjectId commit(ObjectId... parents) throws IOException {
        return history.commit(parents);
    }

    private void point(String ref, ObjectId commit) throws IOException {
        RefUpdate update = repository.updateRef(ref);
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        assertThat(update.update()).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED);
    }

    private void writeGraphWithGit() throws Exception {
        Process git = new ProcessBuilder("git", "commit-graph", "write", "--reachable")
                .directory(repository.getDirectory())
                .redirectErrorStream(true)
                .start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as(output).isZero();
        assertThat(repository.getDirectory().toPath().resolve("objects/info/commit-graph"))
                .exists();
    }

    private void deleteLooseObject(ObjectId id) throws IOException {
        String name = id.name();
        Files.delete(repository
                .getDirectory()
                .toPath()
                .resolve("objects")
                .resolve(name.substring(0, 2))
                .resolve(name.substring(2)));
    }
}
