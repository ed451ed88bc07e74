package dev.strata.store;

import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/** Refs moved in the local repository only: the store without a remote. */
final class LocalRefs implements RefMover {

    private final Repository repository;

    LocalRefs(Repository repository) {
        this.repository = repository;
    }

    @Override
    public void beforeWrite() {}

    @Override
    public boolean move(List<ReceiveCommand> commands) throws IOException {
        return move(repository, commands);
    }

    /**
     * One ref (a commit on main) moves with a plain ref update: an atomic batch in a file
     * repository rewrites {@code packed-refs}, which grows with the number of change requests.
     * Several (a change request's record and branch, or main and the record of a merge) move as one
     * atomic batch. A ref left locked by a git command killed meanwhile is unlocked here
     * ({@link StaleLocks#removeIfStale}), so that the caller's next try succeeds.
     */
    static boolean move(Repository repository, List<ReceiveCommand> commands) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            if (commands.size() == 1) {
                ReceiveCommand command = commands.getFirst();
                RefUpdate update = repository.updateRef(command.getRefName());
                update.setExpectedOldObjectId(command.getOldId());
                update.setNewObjectId(command.getNewId());
                update.setForceUpdate(true);
                RefUpdate.Result result = update.update(walk);
                return switch (result) {
                    case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> true;
                    case LOCK_FAILURE -> {
                        StaleLocks.removeIfStale(repository, List.of(command.getRefName()));
                        yield false;
                    }
                    default ->
                        throw new IOException("moving " + command.getRefName() + " to "
                                + command.getNewId().name() + " failed: " + result);
                };
            }
            BatchRefUpdate batch = repository.getRefDatabase().newBatchUpdate();
            batch.setAtomic(true);
            batch.setAllowNonFastForwards(true);
            batch.addCommand(commands);
            batch.execute(walk, NullProgressMonitor.INSTANCE);
            boolean raced = false;
            for (ReceiveCommand command : batch.getCommands()) {
                switch (command.getResult()) {
                    case OK -> {}
                    case LOCK_FAILURE -> {
                        StaleLocks.removeIfStale(repository, List.of(command.getRefName()));
                        raced = true;
                    }
                    // a transaction aborted because another of its commands failed is REJECTED_OTHER_REASON
                    case REJECTED_OTHER_REASON, NOT_ATTEMPTED -> raced = true;
                    default ->
                        throw new IOException("moving " + command.getRefName() + " failed: " + command.getResult()
                                + (command.getMessage() == null ? "" : " (" + command.getMessage() + ")"));
                }
            }
            return !raced;
        }
    }
}
