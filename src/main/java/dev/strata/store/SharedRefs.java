package dev.strata.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The refs under {@value #PREFIX} that travel with the remote besides {@code main}: change
 * requests, instance snapshots, and whatever else Strata shares there. A fetch sets them as the
 * remote has them (forced: most are replaced rather than appended to), except the local-only ones
 * of {@link HeadWatch} and this instance's own refs, which only it writes: those a fetch never touches, and they are pushed whenever the
 * remote lacks them or holds something else (a push that failed is made at the next fetch).
 */
final class SharedRefs {

    static final String PREFIX = "refs/strata/";

    private final Set<String> own = ConcurrentHashMap.newKeySet();

    /** Makes {@code ref} this instance's own from now on. */
    void own(String ref) {
        own.add(ref);
    }

    /**
     * What a fetch takes under {@value #PREFIX}: everything but this instance's own refs and those
     * that describe this repository only (the head last seen, the records of rewrites it saw).
     */
    List<RefSpec> fetchSpecs() {
        List<RefSpec> specs = new ArrayList<>();
        specs.add(new RefSpec("+" + PREFIX + "*:" + PREFIX + "*"));
        specs.add(new RefSpec("^" + HeadWatch.LAST_SEEN));
        specs.add(new RefSpec("^" + HeadWatch.REWRITTEN + "*"));
        own.forEach(ref -> specs.add(new RefSpec("^" + ref)));
        return specs;
    }

    /** This instance's own refs that the remote lacks or holds at another commit, each with a lease on the remote's. */
    List<ReceiveCommand> unpushed(Repository repository, FetchResult fetched) throws IOException {
        List<ReceiveCommand> unpushed = new ArrayList<>();
        for (String ref : own) {
            Ref local = repository.exactRef(ref);
            Ref remote = fetched.getAdvertisedRef(ref);
            ObjectId remoteId = remote == null ? ObjectId.zeroId() : remote.getObjectId();
            if (local != null && !local.getObjectId().equals(remoteId)) {
                unpushed.add(new ReceiveCommand(remoteId, local.getObjectId(), ref));
            }
        }
        return unpushed;
    }
}
