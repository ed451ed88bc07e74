package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.config.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleLocksTest {

    @TempDir
    Path dataDir;

    private Path leaveLock(String name, Duration age) throws IOException {
        Path lock = dataDir.resolve("config.git").resolve(name);
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "0123456789abcdef0123456789abcdef01234567\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(age)));
        return lock;
    }

    @Test
    void an_old_lock_left_by_a_killed_process_is_removed_at_open_and_writes_work_again() throws IOException {
        GitConfigStore.open(dataDir).close();
        Path mainLock = leaveLock("refs/heads/main.lock", Duration.ofMinutes(5));
        Path packedRefsLock = leaveLock("packed-refs.lock", Duration.ofMinutes(5));

        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            assertThat(mainLock).doesNotExist();
            assertThat(packedRefsLock).doesNotExist();
            Revision created = store.createApplication(GitConfigStoreTest.PAYMENTS, GitConfigStoreTest.PAYMENTS_SCHEMA,
                    GitConfigStoreTest.ALICE, "Create");
            assertThat(store.head()).isEqualTo(created);
        }
    }

    @Test
    void a_young_lock_may_belong_to_a_running_git_command_and_is_left_alone() throws IOException {
        GitConfigStore.open(dataDir).close();
        Path young = leaveLock("refs/heads/main.lock", Duration.ofSeconds(1));
        GitConfigStore.open(dataDir).close();
        assertThat(young).exists();
    }

    @Test
    void no_lock_is_removed_while_another_store_has_the_repository_open() throws IOException {
        try (GitConfigStore first = GitConfigStore.open(dataDir)) {
            Path old = leaveLock("refs/heads/other.lock", Duration.ofMinutes(5));
            GitConfigStore.open(dataDir, Duration.ZERO).close();
            assertThat(old).exists();
            assertThat(first.head()).isNotNull();
        }
    }
}
