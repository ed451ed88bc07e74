package dev.strata.store;

import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Moves the refs of a write, each only if it still points where the writer read it: in the local
 * repository ({@link LocalRefs}), or first on the remote and then locally ({@link GitRemote}).
 */
interface RefMover {

    /** Brings the refs a write reads up to date (a fetch, with a remote). */
    void beforeWrite();

    /**
     * Moves every ref of {@code commands} (old id → new id; the zero id for none) or none of them.
     *
     * @return false when one of them had moved: the caller reads again and retries
     */
    boolean move(List<ReceiveCommand> commands) throws IOException;
}
