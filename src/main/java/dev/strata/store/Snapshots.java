package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import java.io.IOException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The store's reads: the head of main (each one seen told to the {@link HeadWatch}, which notices
 * rewrites), snapshots of commits built incrementally from the latest head and cached by commit
 * id, and the files and settings at a commit.
 */
final class Snapshots {

    private static final int CACHED_SNAPSHOTS = 16;

    private final Repository repository;
    private final HeadWatch watch;
    private final SnapshotCache cache = new SnapshotCache(CACHED_SNAPSHOTS);
    /** One snapshot is built at a time, so that readers of the same new head build it once. */
    private final Object buildLock = new Object();

    private final ForegroundReads foreground = new ForegroundReads();

    Snapshots(Repository repository, HeadWatch watch) {
        this.repository = repository;
        this.watch = watch;
    }

    ObjectId headId() {
        try {
            Ref ref = repository.exactRef(RepositoryLayout.MAIN);
            if (ref == null || ref.getObjectId() == null) {
                throw new StoreException("The repository " + repository.getDirectory() + " has no branch main");
            }
            watch.saw(ref.getObjectId());
            return ref.getObjectId();
        } catch (IOException e) {
            throw new StoreException(
                    "Reading the branch main of " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        }
    }

    StoredSnapshot stored(ObjectId commitId, boolean head) {
        StoredSnapshot cached = cache.get(commitId);
        if (cached != null) {
            return cached;
        }
        synchronized (buildLock) {
            cached = cache.get(commitId);
            if (cached != null) {
                return cached;
            }
            StoredSnapshot built = io(() -> {
                RevCommit commit = parse(commitId);
                StoredSnapshot base = cache.latestHead();
                return base == null
                        ? SnapshotReader.readFull(repository, commit)
                        : SnapshotReader.readChanges(repository, base, commit);
            });
            cache.put(commitId, built, head);
            return built;
        }
    }

    /**
     * Caches the snapshot of a commit just written without reading back the file it wrote, and
     * marks it seen at once: a force push that drops it, before anyone read the head again, is a rewrite too.
     */
    void remember(CommitWriter.Written written, StoredSnapshot parent, String path, RepoFile file) {
        if (!written.droppedEntries()) {
            cache.put(
                    written.id(), parent.withFile(new Revision(written.id().name()), written.tree(), path, file), true);
        }
        watch.saw(written.id());
    }

    /** Caches {@code snapshot} as the one of the new head {@code commitId}, built by the writer of that commit. */
    void rememberHead(ObjectId commitId, StoredSnapshot snapshot) {
        cache.put(commitId, snapshot, true);
    }

    Settings settingsAt(ObjectId commitId, AppEnv appEnv) {
        StoredSnapshot cached = cache.get(commitId);
        if (cached != null) {
            return cached.snapshot().settings(appEnv.app(), appEnv.env());
        }
        return io(() -> {
            try (ObjectReader reader = repository.newObjectReader()) {
                Settings settings = Blobs.settings(reader, blobAt(commitId, RepositoryLayout.settings(appEnv)));
                return settings == null ? Settings.EMPTY : settings;
            }
        });
    }

    byte[] bytesAt(ObjectId commitId, String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return Blobs.bytesAt(reader, parse(commitId).getTree(), path);
        }
    }

    ObjectId blobAt(ObjectId commitId, String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return Blobs.blobAt(reader, parse(commitId).getTree(), path);
        }
    }

    RevCommit parse(ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commitId);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new NotFoundException("revision " + commitId.name() + " is not a commit of this repository");
        }
    }

    /** The commit {@code revision} names, checked to be one of this repository. */
    ObjectId commitId(Revision revision) {
        ObjectId id = ObjectId.fromString(revision.id());
        io(() -> parse(id));
        return id;
    }

    /** Runs {@code work}, its I/O failure told as the repository's. */
    <T> T io(GitConfigStore.GitWork<T> work) {
        foreground.begin();
        try {
            return work.run();
        } catch (IOException e) {
            throw new StoreException("The repository " + repository.getDirectory() + " failed: " + e.getMessage(), e);
        } finally {
            foreground.end();
        }
    }

    /** The reads requests make through {@link #io}, which background work steps aside for. */
    ForegroundReads foreground() {
        return foreground;
    }
}
