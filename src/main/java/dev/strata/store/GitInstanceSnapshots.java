package dev.strata.store;

import dev.strata.config.InstanceSnapshots;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each Strata instance's snapshot as a commit without parents on {@value #PREFIX}{@code <id>},
 * holding one file, {@value #FILE}. Each publication replaces the ref, so no history grows; the
 * snapshots it replaces are pruned by maintenance like any unreachable object, an hour later
 * ({@link RepositoryMaintenance#PRUNE_AFTER}; docs/serving.md says what that costs on disk). They are never
 * part of {@code main}. With a remote the ref is this instance's own ({@link SharedRefs}): pushed at
 * once, and at every fetch while the remote lacks it.
 */
final class GitInstanceSnapshots implements InstanceSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(GitInstanceSnapshots.class);
    static final String PREFIX = SharedRefs.PREFIX + "instances/";
    static final String FILE = "instances";
    /** Far beyond a full table of 100,000 typical sightings (about 6 MB); a larger blob is not read. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private final Repository repository;
    /** Null without a remote. */
    private final GitRemote remote;

    GitInstanceSnapshots(Repository repository, GitRemote remote) {
        this.repository = repository;
        this.remote = remote;
    }

    @Override
    public void publish(String strataInstance, String text) {
        String ref = PREFIX + strataInstance;
        if (!Repository.isValidRefName(ref) || strataInstance.contains("/")) {
            throw new IllegalArgumentException("Not a Strata instance id: " + strataInstance);
        }
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append(FILE, FileMode.REGULAR_FILE, blob);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            PersonIdent strata = GitConfigStore.serviceIdentity();
            commit.setAuthor(strata);
            commit.setCommitter(strata);
            commit.setMessage("Instances seen by Strata instance " + strataInstance + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.NO_CHANGE) {
                throw new StoreException("Publishing the instances of " + strataInstance + " failed: " + result);
            }
        } catch (IOException e) {
            throw new StoreException("Publishing the instances of " + strataInstance + " failed: " + e.getMessage(), e);
        }
        if (remote != null) {
            remote.shared().own(ref);
            try {
                remote.beforeWrite(); // fetches the others' snapshots and pushes this one
            } catch (StoreException e) {
                // unreachable or diverged: the remote's state is reported on its own; the snapshot goes with the next
                // fetch that succeeds
                LOG.debug("Sharing the instances of {} waits for the remote: {}", strataInstance, e.getMessage());
            }
        }
    }

    @Override
    public Map<String, String> published() {
        Map<String, String> published = new TreeMap<>();
        try {
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(PREFIX)) {
                published.put(
                        ref.getName().substring(PREFIX.length()),
                        ref.getObjectId().name());
            }
        } catch (IOException e) {
            throw new StoreException("Listing the instance snapshots failed: " + e.getMessage(), e);
        }
        return published;
    }

    @Override
    public String read(String strataInstance, String version) {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(version));
            try (TreeWalk file = TreeWalk.forPath(reader, FILE, commit.getTree())) {
                if (file == null || !file.getFileMode(0).equals(FileMode.REGULAR_FILE)) {
                    throw new StoreException(
                            "The instance snapshot of " + strataInstance + " (" + version + ") has no file " + FILE);
                }
                ObjectLoader loader = reader.open(file.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > MAX_BYTES) {
                    throw new StoreException("The instance snapshot of " + strataInstance + " (" + version + ") has "
                            + loader.getSize() + " bytes, more than " + MAX_BYTES);
                }
                return new String(loader.getCachedBytes(MAX_BYTES), StandardCharsets.UTF_8);
            }
        } catch (LargeObjectException e) {
            throw new StoreException("The instance snapshot of " + strataInstance + " is too large", e);
        } catch (IOException | IllegalArgumentException e) {
            // a ref to a blob or a tree (IncorrectObjectTypeException), or a missing object
            throw new StoreException(
                    "The instance snapshot of " + strataInstance + " (" + version + ") cannot be read: "
                            + e.getMessage(),
                    e);
        }
    }
}
