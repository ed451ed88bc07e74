package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What maintenance prunes: replaced snapshots and other unreachable objects once they are an hour old, never a fresh one. */
class PruneTest {

    @TempDir
    Path dataDir;

    @Test
    void maintenance_prunes_unreachable_objects_older_than_an_hour_and_keeps_younger_ones() throws IOException {
        ObjectId old;
        ObjectId fresh;
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Path git = dataDir.resolve("config.git");
            try (Repository repository =
                            new FileRepositoryBuilder().setGitDir(git.toFile()).build();
                    ObjectInserter inserter = repository.newObjectInserter()) {
                old = inserter.insert(Constants.OBJ_BLOB, "a replaced snapshot".getBytes(StandardCharsets.UTF_8));
                fresh = inserter.insert(Constants.OBJ_BLOB, "a commit being written".getBytes(StandardCharsets.UTF_8));
                inserter.flush();
            }
            Files.setLastModifiedTime(
                    loose(git, old), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

            store.maintain();

            try (Repository repository =
                    new FileRepositoryBuilder().setGitDir(git.toFile()).build()) {
                assertThat(repository.getObjectDatabase().has(old))
                        .as("unreachable for two hours")
                        .isFalse();
                assertThat(repository.getObjectDatabase().has(fresh))
                        .as("just written, not yet referenced")
                        .isTrue();
            }
        }
    }

    private static Path loose(Path git, ObjectId id) {
        String name = id.name();
        return git.resolve("objects").resolve(name.substring(0, 2)).resolve(name.substring(2));
    }
}
