package dev.strata.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The keys each commit changed in settings files, against its first parent, for the history's key
 * filter: finding them means diffing two directory trees of a thousand entries and reading two
 * versions of a file, while a page filtered by a key walks thousands of commits. Commits never
 * change, so neither do their entries. Kept as the keys' hash codes, sorted, so that an entry
 * costs about 100 bytes; a hash code shared by another key only makes the walk describe a commit
 * that then shows it did not change the key. Least recently used commits are dropped first.
 */
final class ChangedKeys {

    /** About 20 MB of heap when full. */
    static final int CAPACITY = 200_000;

    private final Map<ObjectId, int[]> byCommit = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, int[]> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized int[] get(AnyObjectId commit) {
        return byCommit.get(commit);
    }

    synchronized void put(AnyObjectId commit, int[] keyHashes) {
        byCommit.put(commit.copy(), keyHashes);
    }
}
