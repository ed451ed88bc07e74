package dev.strata.store;

import dev.strata.config.Revision;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ref mover of this store's own writes, telling {@code committed} of each new commit on main once
 * its move succeeded. Fetches move main by other means, so what the remote brings is not announced.
 */
final class AnnouncingRefs implements RefMover {

    private static final Logger LOG = LoggerFactory.getLogger(AnnouncingRefs.class);

    private final RefMover refs;
    private final Consumer<Revision> committed;

    AnnouncingRefs(RefMover refs, Consumer<Revision> committed) {
        this.refs = refs;
        this.committed = committed;
    }

    @Override
    public void beforeWrite() {
        refs.beforeWrite();
    }

    @Override
    public boolean move(List<ReceiveCommand> commands) throws IOException {
        boolean moved = refs.move(commands);
        if (moved) {
            for (ReceiveCommand command : commands) {
                if (command.getRefName().equals(RepositoryLayout.MAIN)
                        && !command.getNewId().equals(ObjectId.zeroId())) {
                    announce(new Revision(command.getNewId().name()));
                }
            }
        }
        return moved;
    }

    private void announce(Revision revision) {
        try {
            committed.accept(revision);
        } catch (RuntimeException e) {
            // the commit is made; whoever listens must not turn it into a failure
            LOG.warn("A listener failed on commit {}: {}", revision.abbreviated(), e.toString());
        }
    }
}
