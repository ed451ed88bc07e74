package dev.strata.store;

import dev.strata.AtomicFile;
import dev.strata.config.KeyChange;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys each commit changed in settings files, against its first parent, for the history's key
 * filter: finding them means diffing two directory trees of a thousand entries and reading two
 * versions of a file, while a page filtered by a key walks thousands of commits. Commits never
 * change, so neither do their entries. Kept as the keys' hash codes, sorted, so that an entry
 * costs about 100 bytes; a hash code shared by another key only makes the walk describe a commit
 * that then shows it did not change the key. Least recently used commits are dropped first.
 * {@code maintain()} fills it for the newest commits, and {@link HistoryIndexing} in the background
 * after a start-up, and both save it in the repository's directory, where the next start reads it back.
 */
final class ChangedKeys {

    /** About 20 MB of heap when full. */
    static final int CAPACITY = 200_000;
    /** Beside the repository's other derived files; Git ignores it. */
    static final String FILE = "strata-changed-keys";

    private static final Logger LOG = LoggerFactory.getLogger(ChangedKeys.class);
    private static final int FORMAT = 1;

    private final Path file;
    private final Map<ObjectId, int[]> byCommit = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, int[]> eldest) {
            return size() > CAPACITY;
        }
    };

    /** @param file where {@link #save} writes, or null for a repository that has no directory */
    private ChangedKeys(Path file) {
        this.file = file;
    }

    /**
     * What {@link #save} wrote to {@code file}, or nothing when there is no such file or it cannot
     * be trusted (its checksum or its structure is wrong): it is only ever a shortcut.
     */
    static ChangedKeys load(Path file) {
        ChangedKeys keys = new ChangedKeys(file);
        if (file == null) {
            return keys;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            CRC32 crc = new CRC32();
            crc.update(bytes.array(), 0, Math.max(0, bytes.limit() - Long.BYTES));
            if (bytes.limit() < 2 * Integer.BYTES + Long.BYTES
                    || bytes.getLong(bytes.limit() - Long.BYTES) != crc.getValue()
                    || bytes.getInt() != FORMAT) {
                throw new IOException("unknown format or wrong checksum");
            }
            bytes.limit(bytes.limit() - Long.BYTES);
            for (int entries = bytes.getInt(); entries > 0; entries--) {
                if (bytes.remaining() < Constants.OBJECT_ID_LENGTH) {
                    throw new BufferUnderflowException();
                }
                ObjectId id = ObjectId.fromRaw(bytes.array(), bytes.position());
                bytes.position(bytes.position() + Constants.OBJECT_ID_LENGTH);
                int count = bytes.getInt();
                if (count < 0 || count > bytes.remaining() / Integer.BYTES) {
                    throw new IOException("an entry runs past the end");
                }
                int[] hashes = new int[count];
                for (int i = 0; i < count; i++) {
                    hashes[i] = bytes.getInt();
                }
                keys.byCommit.put(id, hashes);
            }
            if (bytes.hasRemaining()) {
                throw new IOException("unexpected bytes at the end");
            }
        } catch (NoSuchFileException e) {
            return keys;
        } catch (IOException | BufferUnderflowException e) {
            LOG.warn(
                    "Ignoring {}, which cannot be read ({}); key history queries will find the keys again",
                    file,
                    e.toString());
            return new ChangedKeys(file);
        }
        return keys;
    }

    /** The hash codes of the keys the commit changed, sorted, when known; null when not. */
    synchronized int[] get(AnyObjectId commit) {
        return byCommit.get(commit);
    }

    /**
     * The hash codes of the keys the commit changed in any settings file, sorted: what
     * {@link HistoryEntries#describe} would find for any key, found now when not known yet.
     */
    int[] find(RevWalk walk, RevCommit commit) throws IOException {
        int[] known = get(commit);
        if (known != null) {
            return known;
        }
        ObjectReader reader = walk.getObjectReader();
        TreeSet<Integer> hashes = new TreeSet<>();
        try (TreeWalk diff =
                HistoryEntries.diffWithFirstParent(walk, commit, PathFilter.create(RepositoryLayout.ENVIRONMENTS))) {
            while (diff.next()) {
                if (RepoFile.settingsOwner(diff.getPathString()) != null) {
                    for (KeyChange change : HistoryEntries.keyChanges(
                            Blobs.settings(reader, HistoryEntries.side(diff, 0)),
                            Blobs.settings(reader, HistoryEntries.side(diff, 1)))) {
                        hashes.add(change.key().value().hashCode());
                    }
                }
            }
        }
        int[] found = hashes.stream().mapToInt(Integer::intValue).toArray();
        put(commit, found);
        return found;
    }

    synchronized int size() {
        return byCommit.size();
    }

    synchronized void put(AnyObjectId commit, int[] keyHashes) {
        byCommit.put(commit.copy(), keyHashes);
    }

    /** Writes every entry, least recently used first, to a new file that then replaces the old one. */
    void save() throws IOException {
        if (file == null) {
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(FORMAT);
        synchronized (this) {
            out.writeInt(byCommit.size());
            for (Map.Entry<ObjectId, int[]> entry : byCommit.entrySet()) {
                entry.getKey().copyRawTo(out);
                out.writeInt(entry.getValue().length);
                for (int hash : entry.getValue()) {
                    out.writeInt(hash);
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        AtomicFile.write(file, buffer.toByteArray());
    }
}
