package dev.strata.store;

import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git takes a lock by creating {@code <file>.lock} and renaming it over {@code <file>}; a process
 * killed in between leaves the {@code .lock} behind, and every later write of that file fails.
 *
 * <p>Who can hold such a lock decides when it is stale. A data directory serves one Strata at a
 * time: the store holds an OS file lock on {@value #INSTANCE_FILE} in it while it runs (the OS
 * releases it when the process dies, even by kill -9), and a second store is refused. So no other
 * Strata can hold a lock in the repository, and the only other live writer is a {@code git} command
 * an operator runs into the bare repository, which holds a ref lock for milliseconds. A lock file
 * that has stayed longer than a few seconds ({@link #GIT_COMMAND_LIMIT}) is therefore stale: at
 * start-up every lock is removed once it is that old (a younger one is waited for, so a running git
 * command finishes undisturbed, and a restart right after a crash costs those seconds at most),
 * and while running a ref update that meets one removes it and tries again
 * ({@link #removeIfStale}).
 */
final class StaleLocks implements AutoCloseable {

    static final String INSTANCE_FILE = "strata-instance.pid";

    /** Longer than any git command holds a lock on a ref or {@code packed-refs}. */
    static final Duration GIT_COMMAND_LIMIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(StaleLocks.class);
    private static final long POLL_MS = 50;

    private final FileChannel channel;
    private final FileLock instanceLock;

    private StaleLocks(FileChannel channel, FileLock instanceLock) {
        this.channel = channel;
        this.instanceLock = instanceLock;
    }

    /**
     * Takes the instance lock of {@code dataDir}, which it holds until closed.
     *
     * @throws InUse when another Strata (another process, or another store of this one) has it
     */
    static StaleLocks acquire(Path dataDir) {
        Path file = dataDir.resolve(INSTANCE_FILE);
        FileChannel channel = null;
        try {
            // never truncated before the lock is ours: it names the process that holds it
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new InUse("The data directory " + dataDir + " (STRATA_DATA_DIR) is in use by another"
                        + " Strata (" + holder + "); a data directory serves one Strata at a time");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StaleLocks(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new StoreException(
                    "The data directory " + dataDir + " (STRATA_DATA_DIR) cannot be locked for this" + " Strata ("
                            + file + "): " + e.getMessage(),
                    e);
        }
    }

    /** Another Strata has the data directory. */
    static final class InUse extends StoreException {

        static final String ACTION = "Stop the other Strata first, or point STRATA_DATA_DIR at another directory"
                + " (instances that serve the same settings share a remote: STRATA_REMOTE_URL).";

        InUse(String message) {
            super(message);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        if (pid.equals(String.valueOf(ProcessHandle.current().pid()))) {
            return "another store of this process";
        }
        return pid.isEmpty() ? "a process starting now" : "process " + pid;
    }

    /**
     * Removes every lock file of {@code gitDir}, each once it is {@code minimumAge} old (waiting for
     * younger ones, which a git command may release meanwhile), logging each. Only while holding the
     * instance lock: no other Strata can hold them.
     */
    void clear(Path gitDir, Duration minimumAge) throws IOException {
        for (Path file : find(gitDir)) {
            Instant modified;
            try {
                modified = Files.getLastModifiedTime(file).toInstant();
                Duration wait = Duration.between(Instant.now(), modified.plus(minimumAge));
                if (wait.isPositive()) {
                    LOG.info(
                            "Lock {} is {} ms old; waiting up to {} ms for a git command that may hold it",
                            file,
                            Duration.between(modified, Instant.now()).toMillis(),
                            wait.toMillis());
                    if (released(file, wait)) {
                        continue;
                    }
                    modified = Files.getLastModifiedTime(file).toInstant();
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            if (Files.deleteIfExists(file)) {
                LOG.warn(
                        "Removed stale lock {} (last modified {}), left by a process that stopped mid-write",
                        file,
                        modified);
            }
        }
    }

    /** Whether {@code file} disappears within {@code wait}. */
    private static boolean released(Path file, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!Files.exists(file)) {
                return true;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted while waiting for the lock " + file, e);
            }
        }
        return !Files.exists(file);
    }

    /**
     * Removes the lock file of each of {@code refNames} that has stayed longer than
     * {@link #GIT_COMMAND_LIMIT}: left by a git command killed while Strata runs (a write of this
     * process holds it for milliseconds, and no other Strata opens the repository). Called when a
     * ref update met a lock; the caller tries again. {@code packed-refs.lock} is not among them: this
     * process's own maintenance holds it for as long as packing the refs takes; one that a killed git
     * command left goes at the next start.
     */
    static void removeIfStale(Repository repository, List<String> refNames) {
        if (repository.getDirectory() == null) {
            return; // in memory: no lock files
        }
        Instant cutoff = Instant.now().minus(GIT_COMMAND_LIMIT);
        for (String refName : refNames) {
            Path lock = repository.getDirectory().toPath().resolve(refName + ".lock");
            try {
                Instant modified = Files.getLastModifiedTime(lock).toInstant();
                if (modified.isBefore(cutoff) && Files.deleteIfExists(lock)) {
                    LOG.warn(
                            "Removed stale lock {} (last modified {}): no writer holds a ref lock that long",
                            lock,
                            modified);
                }
            } catch (NoSuchFileException e) {
                // not locked: the ref moved, or the lock was released meanwhile
            } catch (IOException e) {
                LOG.warn("Checking the lock {} failed: {}", lock, e.toString());
            }
        }
    }

    /** Lock files anywhere in the repository except among loose objects, which never have any. */
    private static List<Path> find(Path gitDir) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(gitDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean looseObjects = dir.getParent() != null
                        && dir.getParent().equals(gitDir.resolve("objects"))
                        && dir.getFileName().toString().length() == 2;
                return looseObjects ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".lock")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** Releases the instance lock; the file stays, since another process may be waiting to lock it. */
    @Override
    public void close() throws IOException {
        if (instanceLock.isValid()) {
            instanceLock.release();
        }
        channel.close();
    }
}
