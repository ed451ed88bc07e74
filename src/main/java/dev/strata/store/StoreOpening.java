package dev.strata.store;

import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jgit.lib.Repository;

/**
 * Opening the store on its data directory: takes the instance lock, opens, creates or clones the
 * repository, clears the lock files a crash left and starts the store; whatever fails on the way
 * is closed and its lock released again.
 */
final class StoreOpening {

    private StoreOpening() {}

    /** As {@link GitConfigStore#open(Path, Duration, RemoteOptions, Clock, Duration)} says. */
    static GitConfigStore open(
            Path dataDir, Duration staleLockAge, RemoteOptions remote, Clock clock, Duration writePatience) {
        Path dir = ConfigRepository.prepare(dataDir);
        StaleLocks locks = StaleLocks.acquire(dir);
        Repository repository;
        try {
            repository = ConfigRepository.open(
                    dir,
                    remote == null
                            ? fresh -> ConfigRepository.initialCommit(fresh, clock)
                            : fresh -> RemoteTransport.cloneInto(fresh, remote, clock));
        } catch (RuntimeException e) {
            GitConfigStore.release(locks, dir);
            throw e;
        }
        GitConfigStore store = null;
        try {
            locks.clear(repository.getDirectory().toPath(), staleLockAge);
            store = new GitConfigStore(
                    repository, locks, remote == null ? null : new GitRemote(repository, remote), clock, writePatience);
            store.start();
            return store;
        } catch (IOException | StoreException e) {
            if (store != null) {
                store.close();
            } else {
                repository.close();
                GitConfigStore.release(locks, dir);
            }
            throw e instanceof StoreException storeException
                    ? storeException
                    : new StoreException(
                            "The repository " + repository.getDirectory() + " cannot be opened: " + e.getMessage(), e);
        }
    }
}
