package dev.strata.store;

import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.Replication;
import dev.strata.config.ReplicationStatus;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code config.git} in step with a remote repository that several instances (and plain
 * git, CI, Argo CD…) share. The remote decides: a write is pushed first, with a compare-and-swap on
 * each remote ref, and moves the local refs only once the remote took it; a rejected push means
 * another writer got there first, so the remote is fetched and the write is tried again on its
 * head (rebased, or a conflict for the person when the same keys changed). Local refs therefore
 * never hold anything the remote lacks, and there is nothing to queue: a write while the remote is
 * unreachable fails and says so, and serving and reading carry on from the local repository.
 *
 * <p>Fetches (every {@code fetchInterval}, before each write, and on a webhook) fast-forward
 * {@code main} to the remote branch and mirror the change-request refs. A remote branch that does
 * not contain the local {@code main} was rewritten (or is another repository): it is refused,
 * reported to admins, and writes stop until someone restores it. Strata never force-pushes main;
 * a change request's proposal branch is replaced on refresh, with a lease on its old id.
 */
public final class GitRemote implements RefMover, Replication, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitRemote.class);
    /** Where the remote's branches were at the last fetch: remote-tracking refs like git's own. */
    static final String TRACKING = "refs/remotes/origin/";

    private final Repository repository;
    private final RemoteOptions options;
    private final RemoteTransport transport;
    private final FetchedRefs fetchedRefs;
    /** Held while talking to the remote and moving local refs after it, so fetches and writes never interleave. */
    private final ReentrantLock lock = new ReentrantLock();

    private final ScheduledExecutorService fetcher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strata-remote-fetch").factory());
    private final AtomicBoolean fetchQueued = new AtomicBoolean();
    private final SharedRefs shared = new SharedRefs();

    private volatile Instant lastFetch;
    private volatile Instant lastPush;
    private volatile Instant lastFailure;
    private volatile String failure;
    private volatile String divergence;
    /** When this instance's last push ended, and how long it took (System.nanoTime). */
    private volatile long lastPushEnded;

    private volatile long lastPushNanos;

    GitRemote(Repository repository, RemoteOptions options) {
        this.repository = repository;
        this.options = options;
        this.transport = new RemoteTransport(repository, options);
        this.fetchedRefs = new FetchedRefs(repository, options);
    }

    /**
     * Brings local and remote together once (fetching, or pushing to an empty or older remote), then
     * fetches every {@code fetchInterval}. An unreachable remote is reported and retried; Strata
     * serves from the local repository meanwhile.
     *
     * @throws StoreException when the remote holds something else than a Strata repository
     */
    void start() {
        lock.lock();
        try {
            synchronise();
        } catch (TransportException e) {
            failed("cannot be reached", e);
            LOG.warn(
                    "The remote {} cannot be reached at start-up ({}); serving from the local repository and trying"
                            + " again every {}",
                    options.redactedUrl(),
                    failure,
                    options.fetchInterval());
        } catch (IOException e) {
            throw new StoreException(
                    "Keeping in step with " + options.redactedUrl() + " failed: " + options.redact(e.getMessage()), e);
        } finally {
            lock.unlock();
        }
        long every = options.fetchInterval().toMillis();
        fetcher.scheduleWithFixedDelay(this::fetchQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** The refs under refs/strata/ that travel with the remote, this instance's own among them. */
    SharedRefs shared() {
        return shared;
    }

    @Override
    public ReplicationStatus status() {
        return new ReplicationStatus(
                options.redactedUrl(), options.branch(), lastFetch, lastPush, lastFailure, failure, divergence);
    }

    @Override
    public void fetchSoon() {
        if (fetchQueued.compareAndSet(false, true)) {
            try {
                fetcher.execute(() -> {
                    fetchQueued.set(false);
                    fetchQuietly();
                });
            } catch (RejectedExecutionException e) {
                fetchQueued.set(false); // closing
            }
        }
    }

    /**
     * A write starts from the remote's latest state, so that its compare-and-swap is likely to hold.
     * One that follows this instance's own push at once (a burst) first waits a random part of a
     * push's time: otherwise another instance whose push was refused, and which fetches and tries
     * again, is a few milliseconds behind at every turn and loses every race.
     */
    @Override
    public void beforeWrite() {
        long pushTook = lastPushNanos;
        if (System.nanoTime() - lastPushEnded < pushTook) {
            try {
                Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(2 * pushTook)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted before a write", e);
            }
        }
        lock.lock();
        try {
            synchronise();
            refuseWhenDiverged();
        } catch (TransportException e) {
            throw unavailable(e);
        } catch (IOException e) {
            throw new StoreException(
                    "Fetching from " + options.redactedUrl() + " failed: " + options.redact(e.getMessage()), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean move(List<ReceiveCommand> commands) throws IOException {
        lock.lock();
        try {
            refuseWhenDiverged();
            PushResult pushed;
            long start = System.nanoTime();
            try {
                pushed = transport.push(commands);
            } catch (TransportException e) {
                throw unavailable(e);
            }
            lastPushEnded = System.nanoTime();
            lastPushNanos = lastPushEnded - start;
            List<String> refusals = new ArrayList<>();
            boolean locked = false;
            for (RemoteRefUpdate update : pushed.getRemoteUpdates()) {
                switch (update.getStatus()) {
                    case OK, UP_TO_DATE -> {}
                    default -> {
                        refusals.add(update.getRemoteName() + ": " + update.getStatus()
                                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                        locked |= lockedByAnotherWriter(update);
                    }
                }
            }
            if (!refusals.isEmpty()) {
                return retryOrRefuse(commands, refusals, locked);
            }
            lastPush = Instant.now();
            failure = null;
            if (!LocalRefs.move(repository, commands)) {
                // only another process writing to the local repository gets here; the remote has the write
                LOG.warn("The local refs moved under a write that the remote took; fetching to catch up");
                synchronise();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
        try {
            fetcher.awaitTermination(options.timeout().toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    // --- keeping in step

    /** A fetch on the schedule or for a webhook; a failure is logged when it starts or changes, not every interval. */
    private void fetchQuietly() {
        lock.lock();
        String before = failure;
        try {
            synchronise();
            if (before != null) {
                LOG.info("The remote {} answers again", options.redactedUrl());
            }
        } catch (TransportException e) {
            failed("cannot be reached", e);
            logChanged(before);
        } catch (IOException | RuntimeException e) {
            failed("failed", e);
            logChanged(before);
        } finally {
            lock.unlock();
        }
    }

    private void synchronise() throws IOException {
        boolean known = knownRemote();
        reconcile(transport.fetch(shared.fetchSpecs()), known);
    }

    /** Whether this repository fetched the remote branch before: then it has a remote-tracking ref. */
    private boolean knownRemote() throws IOException {
        return repository.exactRef(TRACKING + options.branch()) != null;
    }

    /**
     * After a fetch: fast-forwards main to the remote branch; pushes main to a remote that lacks the
     * branch, or to one met for the first time ({@code known} false) that is behind; refuses a
     * remote branch that does not contain main. A known remote behind main was rewound: Strata's
     * writes reach the remote before main moves, so main never gets ahead of it by itself. Change
     * requests and rollouts the remote lacks (made before the remote was set) are pushed; a rollout
     * a known remote no longer has ended elsewhere and is dropped here.
     */
    private void reconcile(FetchResult fetched, boolean known) throws IOException {
        lastFetch = Instant.now();
        failure = null;
        Ref remoteRef = fetched.getAdvertisedRef(transport.remoteBranch());
        ObjectId local = repository.exactRef(RepositoryLayout.MAIN).getObjectId();
        List<ReceiveCommand> missing = new ArrayList<>();
        if (remoteRef == null) {
            missing.add(new ReceiveCommand(ObjectId.zeroId(), local, RepositoryLayout.MAIN));
        } else if (!remoteRef.getObjectId().equals(local)) {
            ObjectId remote = remoteRef.getObjectId();
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit remoteHead = walk.parseCommit(remote);
                RevCommit localHead = walk.parseCommit(local);
                if (walk.isMergedInto(localHead, remoteHead)) {
                    fetchedRefs.fastForward(local, remote);
                } else if (!known && walk.isMergedInto(remoteHead, localHead)) {
                    missing.add(new ReceiveCommand(remote, local, RepositoryLayout.MAIN));
                } else {
                    diverged(remote, local);
                    return;
                }
            }
        }
        divergence = null;
        fetchedRefs.mirrorChangeBranches(fetched);
        missing.addAll(fetchedRefs.lackingOnRemote(fetched, known));
        if (!missing.isEmpty()) {
            pushMissing(missing);
        }
        List<ReceiveCommand> own = shared.unpushed(repository, fetched);
        if (!own.isEmpty()) {
            transport.push(own); // a refusal (the remote's moved under the lease) is tried again at the next fetch
        }
    }

    private void pushMissing(List<ReceiveCommand> missing) throws IOException {
        PushResult pushed = transport.push(missing);
        for (RemoteRefUpdate update : pushed.getRemoteUpdates()) {
            if (update.getStatus() != RemoteRefUpdate.Status.OK
                    && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                // another instance pushed first; the next fetch takes its refs
                LOG.info(
                        "Pushing {} to {} was refused ({}); the next fetch takes the remote's",
                        update.getRemoteName(),
                        options.redactedUrl(),
                        update.getStatus());
            }
        }
        lastPush = Instant.now();
        LOG.info("Pushed {} ref(s) the remote {} lacked", missing.size(), options.redactedUrl());
    }

    private void diverged(ObjectId remote, ObjectId local) {
        String message = "The remote's branch " + options.branch() + " is at "
                + remote.abbreviate(10).name()
                + ", which does not contain Strata's main ("
                + local.abbreviate(10).name() + "): its history was"
                + " rewritten (a force push) or it is another repository. Strata neither follows nor overwrites it, and"
                + " takes no writes until the remote's " + options.branch() + " contains "
                + local.abbreviate(10).name()
                + " again (for example: git push <remote> " + local.name() + ":refs/heads/" + options.branch()
                + " --force-with-lease, after checking what the rewrite dropped).";
        if (!message.equals(divergence)) {
            LOG.warn(message);
        }
        divergence = message;
    }

    private void refuseWhenDiverged() {
        String reason = divergence;
        if (reason != null) {
            throw new RemoteUnavailableException(reason, null);
        }
    }

    /**
     * The remote could not lock a ref because another writer held it at that moment ({@code failed to
     * lock} from JGit's receive-pack, {@code cannot lock ref} from git's): a race like a moved ref,
     * though the ref may not have moved yet when this instance fetches.
     */
    private static boolean lockedByAnotherWriter(RemoteRefUpdate update) {
        String message = update.getMessage();
        return update.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
                && message != null
                && (message.contains("failed to lock") || message.contains("cannot lock ref"));
    }

    /**
     * A rejected push whose refs moved on the remote, or were locked by another writer, lost a race:
     * fetch and let the caller retry (for as long as the store's patience lasts). One whose refs did
     * not move was refused for another reason (a hook, permissions): say why.
     */
    private boolean retryOrRefuse(List<ReceiveCommand> commands, List<String> refusals, boolean locked)
            throws IOException {
        boolean known = knownRemote();
        FetchResult fetched = fetchChecked();
        reconcile(fetched, known);
        if (locked) {
            return false;
        }
        for (ReceiveCommand command : commands) {
            Ref now = fetched.getAdvertisedRef(transport.remoteName(command.getRefName()));
            ObjectId remoteId = now == null ? ObjectId.zeroId() : now.getObjectId();
            if (!remoteId.equals(command.getOldId())) {
                return false;
            }
        }
        throw new RemoteUnavailableException(
                "The remote " + options.redactedUrl() + " refused the push: "
                        + options.redact(String.join("; ", refusals)) + ". Nothing was saved.",
                null);
    }

    private FetchResult fetchChecked() throws IOException {
        try {
            return transport.fetch(shared.fetchSpecs());
        } catch (TransportException e) {
            throw unavailable(e);
        }
    }

    private void logChanged(String before) {
        if (failure.equals(before)) {
            LOG.debug("{}", failure);
        } else {
            LOG.warn("{}; serving goes on from the local repository", failure);
        }
    }

    private void failed(String what, Exception e) {
        lastFailure = Instant.now();
        failure = "The remote " + options.redactedUrl() + " " + what + ": " + transport.reason(e);
    }

    private RemoteUnavailableException unavailable(TransportException e) {
        failed("cannot be reached", e);
        return new RemoteUnavailableException(failure + ". Nothing was saved; try again when it is back.", e);
    }
}
