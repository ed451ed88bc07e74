package dev.strata.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Snapshots by commit id, least recently used dropped first, plus the latest head snapshot, from
 * which the next head is built incrementally.
 */
final class SnapshotCache {

    private final Map<ObjectId, StoredSnapshot> byCommit;
    private volatile StoredSnapshot latestHead;

    SnapshotCache(int capacity) {
        this.byCommit = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectId, StoredSnapshot> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized StoredSnapshot get(AnyObjectId commit) {
        return byCommit.get(commit);
    }

    synchronized void put(AnyObjectId commit, StoredSnapshot snapshot, boolean head) {
        byCommit.put(commit.copy(), snapshot);
        if (head) {
            latestHead = snapshot;
        }
    }

    StoredSnapshot latestHead() {
        return latestHead;
    }
}
