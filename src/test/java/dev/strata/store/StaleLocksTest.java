package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.Revision;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
            Revision created = store.createApplication(
                    GitConfigStoreTest.PAYMENTS,
                    GitConfigStoreTest.PAYMENTS_SCHEMA,
                    GitConfigStoreTest.ALICE,
                    "Create");
            assertThat(store.head()).isEqualTo(created);
        }
    }

    @Test
    void a_lock_left_by_a_crash_moments_ago_is_removed_at_start_up_and_the_first_write_succeeds() throws IOException {
        GitConfigStore.open(dataDir).close();
        Path mainLock = leaveLock("refs/heads/main.lock", Duration.ZERO);

        // start-up waits until the lock is as old as the stale-lock age: 5 s by default, half a second here
        try (GitConfigStore store = GitConfigStore.open(dataDir, Duration.ofMillis(500))) {
            assertThat(mainLock).doesNotExist();
            Revision created = store.createApplication(
                    GitConfigStoreTest.PAYMENTS,
                    GitConfigStoreTest.PAYMENTS_SCHEMA,
                    GitConfigStoreTest.ALICE,
                    "Create");
            assertThat(store.head()).isEqualTo(created);
        }
    }

    @Test
    void a_lock_that_a_git_command_releases_during_start_up_is_left_to_it() throws Exception {
        GitConfigStore.open(dataDir).close();
        Path mainLock = leaveLock("refs/heads/main.lock", Duration.ZERO);
        Path main = dataDir.resolve("config.git/refs/heads/main");
        Files.writeString(mainLock, Files.readString(main));
        CompletableFuture<Path> gitCommand = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(300); // the git command's own work, not a wait for Strata

                return Files.move(mainLock, main, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });

        GitConfigStore.open(dataDir).close();

        assertThat(gitCommand)
                .as("the git command renamed its lock over the ref")
                .succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void a_lock_that_a_killed_git_command_left_while_strata_runs_does_not_block_writes() throws IOException {
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            Path mainLock = leaveLock("refs/heads/main.lock", Duration.ofMinutes(1));

            Revision created = store.createApplication(
                    GitConfigStoreTest.PAYMENTS,
                    GitConfigStoreTest.PAYMENTS_SCHEMA,
                    GitConfigStoreTest.ALICE,
                    "Create");

            assertThat(store.head()).isEqualTo(created);
            assertThat(mainLock).doesNotExist();
        }
    }

    @Test
    void a_second_store_on_the_same_data_directory_is_refused_and_its_locks_are_left_alone() throws IOException {
        try (GitConfigStore first = GitConfigStore.open(dataDir)) {
            Path old = leaveLock("refs/heads/other.lock", Duration.ofMinutes(5));

            assertThatThrownBy(() -> GitConfigStore.open(dataDir, Duration.ZERO))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(
                            "The data directory " + dataDir.toAbsolutePath().normalize())
                    .hasMessageContaining("is in use by another Strata (another store of this process)");
            assertThat(old).exists();
            assertThat(first.head()).isNotNull();
        }
        GitConfigStore.open(dataDir).close();
    }
}
