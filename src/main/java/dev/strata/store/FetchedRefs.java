package dev.strata.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local refs after a fetch from the remote: main fast-forwarded, proposal branches set as the
 * remote has them, rollouts that ended elsewhere dropped, and the change-request and rollout refs
 * the remote lacks listed for a push. {@link GitRemote} decides when, under its lock.
 */
final class FetchedRefs {

    // under GitRemote's name, where these moves were, so that logging settings made for it still apply
    private static final Logger LOG = LoggerFactory.getLogger(GitRemote.class);

    private final Repository repository;
    private final RemoteOptions options;

    FetchedRefs(Repository repository, RemoteOptions options) {
        this.repository = repository;
        this.options = options;
    }

    /**
     * The change-request and rollout refs {@code fetched} did not advertise, to push; a rollout a
     * {@code known} remote no longer has is dropped instead.
     */
    List<ReceiveCommand> lackingOnRemote(FetchResult fetched, boolean known) throws IOException {
        List<ReceiveCommand> missing = new ArrayList<>();
        for (Ref ref : repository
                .getRefDatabase()
                .getRefsByPrefix(RepositoryLayout.CHANGE_RECORDS, RepositoryLayout.CHANGE_BRANCHES)) {
            if (fetched.getAdvertisedRef(ref.getName()) == null) {
                missing.add(new ReceiveCommand(ObjectId.zeroId(), ref.getObjectId(), ref.getName()));
            }
        }
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(GitRollouts.REFS)) {
            if (fetched.getAdvertisedRef(ref.getName()) == null) {
                if (known) {
                    forget(ref);
                } else {
                    missing.add(new ReceiveCommand(ObjectId.zeroId(), ref.getObjectId(), ref.getName()));
                }
            }
        }
        return missing;
    }

    /**
     * The proposal branches as the remote has them. They are fetched with every branch (a fetch
     * gives a remote ref one local name only), and set here; a proposal is replaced on refresh, so
     * they are not fast-forwards.
     */
    void mirrorChangeBranches(FetchResult fetched) throws IOException {
        for (Ref advertised : fetched.getAdvertisedRefs()) {
            if (advertised.getName().startsWith(RepositoryLayout.CHANGE_BRANCHES)) {
                Ref local = repository.exactRef(advertised.getName());
                if (local == null || !local.getObjectId().equals(advertised.getObjectId())) {
                    RefUpdate update = repository.updateRef(advertised.getName());
                    update.setNewObjectId(advertised.getObjectId());
                    update.setForceUpdate(true);
                    update.update();
                }
            }
        }
    }

    /**
     * Drops a rollout another Strata instance completed or aborted: its ref is gone from a remote
     * this repository knows. This instance's own rollout moves reach the remote before they land here,
     * under the same lock, so a ref the remote lacks was not just started here. (A fetch copies refs
     * but never removes them.)
     */
    private void forget(Ref ended) throws IOException {
        RefUpdate update = repository.updateRef(ended.getName());
        update.setExpectedOldObjectId(ended.getObjectId());
        update.setForceUpdate(true);
        RefUpdate.Result result = update.delete();
        LOG.debug("{} ended on another Strata instance: {}", ended.getName(), result);
    }

    void fastForward(ObjectId local, ObjectId remote) throws IOException {
        if (LocalRefs.move(repository, List.of(new ReceiveCommand(local, remote, RepositoryLayout.MAIN)))) {
            LOG.debug("main follows {} to {}", options.redactedUrl(), remote.name());
        }
    }
}
