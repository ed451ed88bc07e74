package dev.strata.security;

import dev.strata.config.ConflictException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of users.yaml or tokens.yaml as they are now: re-read when the file changes on
 * disk, so that hand edits apply without a restart, and changed only one change at a time, so that
 * two concurrent changes both land. A file edited into something invalid keeps the last good
 * entries in force; the problem is logged once and offered to admins.
 */
final class LiveList<T> {

    private static final Logger log = LoggerFactory.getLogger(LiveList.class);

    private final Path path;
    private final Supplier<List<T>> read;
    private final Consumer<List<T>> write;
    private volatile State<T> state;

    private record Stamp(Object fileKey, FileTime modified, long size) {}

    private record State<T>(List<T> entries, Stamp stamp, String problem) {}

    /** Reads the file now; an invalid file throws, which stops start-up. */
    LiveList(Path path, Supplier<List<T>> read, Consumer<List<T>> write) {
        this.path = path;
        this.read = read;
        this.write = write;
        Stamp stamp = stamp();
        this.state = new State<>(List.copyOf(read.get()), stamp, null);
    }

    List<T> entries() {
        return current().entries();
    }

    /** What is wrong with the file on disk, while the last good entries stay in force. */
    Optional<String> problem() {
        return Optional.ofNullable(current().problem());
    }

    /**
     * Applies {@code change} to the current entries and replaces the file with the result. Refused
     * while the file on disk is invalid, so that a hand edit in progress is not overwritten.
     */
    synchronized void update(UnaryOperator<List<T>> change) {
        State<T> now = current();
        if (now.problem() != null) {
            throw new ConflictException(
                    path.getFileName() + " has an error, so it is not changed: " + now.problem()
                            + ". Fix the file first.",
                    null);
        }
        List<T> next = List.copyOf(change.apply(now.entries()));
        write.accept(next);
        state = new State<>(next, stamp(), null);
    }

    private State<T> current() {
        State<T> known = state;
        if (stamp().equals(known.stamp())) {
            return known;
        }
        synchronized (this) {
            known = state;
            Stamp stamp = stamp();
            if (stamp.equals(known.stamp())) {
                return known;
            }
            try {
                state = new State<>(List.copyOf(read.get()), stamp, null);
                log.info("Re-read {} after it changed on disk", path);
            } catch (AccountsFileException e) {
                log.error(
                        "{} changed on disk and is not valid; the previous entries stay in force: {}",
                        path,
                        e.getMessage());
                state = new State<>(known.entries(), stamp, e.getMessage());
            }
            return state;
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return new Stamp(null, null, -1);
        } catch (IOException e) {
            return new Stamp(e.getMessage(), null, -2);
        }
    }
}
