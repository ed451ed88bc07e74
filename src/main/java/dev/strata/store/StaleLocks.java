package dev.strata.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git takes a lock by creating {@code <file>.lock} and renaming it over {@code <file>}; a process
 * killed in between leaves the {@code .lock} behind, and every later write of that file fails. Such
 * a lock is removed at start-up only when it is safe: no other Strata process has the repository
 * open (this process holds an OS file lock on {@value #INSTANCE_FILE} while it runs, which the OS
 * releases when a process dies) and the lock is older than a threshold, so that a {@code git}
 * command writing into the repository at this moment keeps its lock.
 */
final class StaleLocks implements AutoCloseable {

    static final String INSTANCE_FILE = "strata-instance.pid";

    private static final Logger LOG = LoggerFactory.getLogger(StaleLocks.class);

    private final FileChannel channel;
    private final FileLock instanceLock;

    private StaleLocks(FileChannel channel, FileLock instanceLock) {
        this.channel = channel;
        this.instanceLock = instanceLock;
    }

    /**
     * Takes the instance lock of {@code gitDir} (if no other process holds it) and removes stale
     * lock files, logging each. The returned object holds the instance lock until closed.
     */
    static StaleLocks clear(Path gitDir, Duration minimumAge) throws IOException {
        FileChannel channel = FileChannel.open(gitDir.resolve(INSTANCE_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        StaleLocks locks = new StaleLocks(channel, lock);
        List<Path> found = find(gitDir);
        if (found.isEmpty()) {
            return locks;
        }
        if (lock == null) {
            LOG.warn("{} lock file(s) in {} left alone: another Strata store has the repository open", found.size(), gitDir);
            return locks;
        }
        Instant cutoff = Instant.now().minus(minimumAge);
        for (Path file : found) {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            if (modified.isBefore(cutoff) || modified.equals(cutoff)) {
                Files.deleteIfExists(file);
                LOG.warn("Removed stale lock {} (last modified {}), left by a process that stopped mid-write", file, modified);
            } else {
                LOG.warn("Lock {} is younger than {} and may belong to a running git command; left in place", file, minimumAge);
            }
        }
        return locks;
    }

    /** Lock files anywhere in the repository except among loose objects, which never have any. */
    private static List<Path> find(Path gitDir) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(gitDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean looseObjects = dir.getParent() != null && dir.getParent().equals(gitDir.resolve("objects"))
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

    @Override
    public void close() throws IOException {
        if (instanceLock != null) {
            instanceLock.release();
        }
        channel.close();
    }
}
