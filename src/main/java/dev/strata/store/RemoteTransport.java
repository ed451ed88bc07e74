package dev.strata.store;

import dev.strata.config.StoreException;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talking to the remote of {@link GitRemote}: a fetch, a push with a lease on each ref, a clone
 * into a new repository, over HTTPS or SSH with only the credentials the settings name, and the
 * remote's failures told without its URL or passwords. It decides nothing: when to fetch, how to
 * reconcile and what a rejected push means are {@link GitRemote}'s.
 */
final class RemoteTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTransport.class);

    private final Repository repository;
    private final RemoteOptions options;
    private final String remoteBranch;
    private final SshdSessionFactory ssh;

    RemoteTransport(Repository repository, RemoteOptions options) {
        this.repository = repository;
        this.options = options;
        this.remoteBranch = "refs/heads/" + options.branch();
        this.ssh = sshSessions(options);
    }

    /** The remote branch that mirrors {@code main}, as a full ref name. */
    String remoteBranch() {
        return remoteBranch;
    }

    /**
     * Fills a new, empty repository from the remote: its branch becomes {@code main}, with the
     * change requests. An empty remote gets the initial commit later, from {@link GitRemote#start()}.
     *
     * @throws StoreException when the remote cannot be reached or holds something else than a Strata repository
     */
    static void cloneInto(Repository fresh, RemoteOptions options, Clock clock) throws IOException {
        RemoteTransport remote = new RemoteTransport(fresh, options);
        try {
            FetchResult fetched = remote.fetch(new SharedRefs().fetchSpecs());
            Ref branch = fetched.getAdvertisedRef(remote.remoteBranch);
            if (branch == null) {
                ConfigRepository.initialCommit(fresh, clock);
                LOG.info(
                        "The remote {} has no branch {}; starting a new configuration repository to push there",
                        options.redactedUrl(),
                        options.branch());
                return;
            }
            remote.requireStrataRepository(branch.getObjectId());
            RefUpdate update = fresh.updateRef(RepositoryLayout.MAIN);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setNewObjectId(branch.getObjectId());
            if (update.update() != RefUpdate.Result.NEW) {
                throw new IOException("setting main to the remote's " + options.branch() + " failed");
            }
            LOG.info("Cloned the configuration repository from {} ({})", options.redactedUrl(), options.branch());
        } catch (TransportException e) {
            throw new StoreException(
                    "The remote " + options.redactedUrl() + " cannot be cloned: " + remote.reason(e)
                            + ". Check STRATA_REMOTE_URL and its credentials.",
                    e);
        } finally {
            remote.close();
        }
    }

    /**
     * Fetches the remote's branches into remote-tracking refs, and the refs under {@code refs/strata/}
     * that {@code shared} names ({@link SharedRefs#fetchSpecs()}) as they are.
     */
    FetchResult fetch(List<RefSpec> shared) throws IOException {
        try (Transport transport = open()) {
            // a wildcard, because a spec naming the branch fails the whole fetch while the remote is empty
            List<RefSpec> specs = new ArrayList<>(List.of(new RefSpec("+refs/heads/*:" + GitRemote.TRACKING + "*")));
            specs.addAll(shared);
            return transport.fetch(NullProgressMonitor.INSTANCE, specs);
        }
    }

    /** Pushes each command's new id with a lease on its old one, all or none where the server can. */
    PushResult push(List<ReceiveCommand> commands) throws IOException {
        try (Transport transport = open()) {
            transport.setPushAtomic(commands.size() > 1);
            List<RemoteRefUpdate> updates = new ArrayList<>();
            for (ReceiveCommand command : commands) {
                updates.add(new RemoteRefUpdate(
                        repository,
                        (String) null,
                        command.getNewId(),
                        remoteName(command.getRefName()),
                        !command.getRefName().equals(RepositoryLayout.MAIN),
                        null,
                        command.getOldId()));
            }
            return transport.push(NullProgressMonitor.INSTANCE, updates);
        }
    }

    /** The remote ref a local one is pushed to: main goes to the configured branch. */
    String remoteName(String localRef) {
        return localRef.equals(RepositoryLayout.MAIN) ? remoteBranch : localRef;
    }

    private Transport open() throws IOException {
        Transport transport = Transport.open(repository, options.uri());
        transport.setTimeout((int) options.timeout().toSeconds());
        if (options.username() != null || options.password() != null) {
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                    options.username() == null ? "" : options.username(),
                    options.password() == null ? "" : options.password()));
        }
        if (transport instanceof SshTransport sshTransport && ssh != null) {
            sshTransport.setSshSessionFactory(ssh);
        }
        return transport;
    }

    /**
     * SSH with only what the settings name: the private key, and the known_hosts file that must
     * list the server (an unknown or changed host key is refused). The process owner's
     * {@code ~/.ssh/config} is not read, so the behaviour does not depend on the machine.
     */
    private static SshdSessionFactory sshSessions(RemoteOptions options) {
        if (options.sshKey() == null && options.knownHosts() == null) {
            return null;
        }
        File home = FS.DETECTED.userHome();
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(new File(home, ".ssh"))
                .setConfigFile(sshDirectory -> null)
                .setDefaultIdentities(sshDirectory -> options.sshKey() == null ? List.of() : List.of(options.sshKey()))
                .setDefaultKnownHostsFiles(
                        sshDirectory -> options.knownHosts() == null ? List.of() : List.of(options.knownHosts()))
                .setPreferredAuthentications("publickey")
                .build(new JGitKeyCache());
    }

    /** The remote's tip must hold a readable {@code strata.yaml}: anything else is not a Strata repository. */
    void requireStrataRepository(ObjectId tip) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            RevCommit commit = walk.parseCommit(tip);
            ObjectId blob = Blobs.blobAt(reader, commit.getTree(), PipelineFile.PATH);
            String problem = null;
            if (blob == null) {
                problem = "it has no " + PipelineFile.PATH;
            } else {
                try {
                    PipelineFile.read(SnapshotReader.load(reader, blob));
                } catch (UnreadableFileException e) {
                    problem = "its " + PipelineFile.PATH + " cannot be read: " + e.getMessage();
                }
            }
            if (problem != null) {
                throw new StoreException("The remote " + options.redactedUrl() + " (branch " + options.branch()
                        + ") is not a Strata configuration repository: " + problem + ". Point STRATA_REMOTE_URL at an"
                        + " empty repository (Strata fills it) or at one Strata created.");
            }
        }
    }

    /** JGit's message without the URL it starts with (the sentence names it already) and without passwords. */
    String reason(Exception e) {
        String reason = options.redact(e.getMessage());
        String prefix = options.redactedUrl() + ": ";
        reason = reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
        return reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
