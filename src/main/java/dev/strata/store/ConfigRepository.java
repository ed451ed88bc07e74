package dev.strata.store;

import dev.strata.DataDirectory;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FileUtils;
import org.eclipse.jgit.util.SystemReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and the bare repository {@code config.git} in it: checked, created when
 * missing (fully formed in a temporary directory first, then renamed into place, so a crash during
 * creation never leaves half a repository), and configured for durability.
 */
final class ConfigRepository {

    static final String REPOSITORY = "config.git";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRepository.class);
    private static final String FSYNC_OBJECT_FILES = "fsyncObjectFiles";
    private static boolean packCacheInstalled;

    private ConfigRepository() {}

    /** What a new repository starts with: the initial commit, or a remote's history. */
    @FunctionalInterface
    interface Seed {
        void fill(Repository fresh) throws IOException;
    }

    /**
     * Opens {@code <dataDir>/config.git}, creating the directory and the repository when missing;
     * {@code seed} fills a new repository before it is moved into place.
     */
    static Repository open(Path dataDir, Seed seed) {
        Path dir = prepare(dataDir);
        Path gitDir = dir.resolve(REPOSITORY);
        if (Files.exists(gitDir) && !Files.isDirectory(gitDir)) {
            throw new StoreException("The repository " + gitDir + " is a file, not a directory; move it away");
        }
        try {
            if (!Files.exists(gitDir)) {
                create(gitDir, seed);
            }
            Repository repository = new FileRepositoryBuilder()
                    .setGitDir(gitDir.toFile())
                    .setMustExist(true)
                    .build();
            configure(repository);
            return repository;
        } catch (IOException | GitAPIException e) {
            throw new StoreException("The repository " + gitDir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Checks {@code dataDir} by {@link DataDirectory}'s rules, creating it when missing, and returns its absolute path. */
    static Path prepare(Path dataDir) {
        return new DataDirectory(dataDir).path();
    }

    private static void create(Path gitDir, Seed seed) throws IOException, GitAPIException {
        Path temporary = Files.createTempDirectory(gitDir.getParent(), REPOSITORY + ".new-");
        try (Git git = Git.init()
                .setBare(true)
                .setGitDir(temporary.toFile())
                .setInitialBranch("main")
                .call()) {
            Repository repository = git.getRepository();
            configure(repository);
            seed.fill(repository);
        } catch (IOException | GitAPIException | RuntimeException e) {
            try {
                FileUtils.delete(temporary.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        try {
            Files.move(temporary, gitDir, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Created the configuration repository {}", gitDir);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            throw new IOException("another process created " + gitDir + " at the same time; start again", e);
        }
    }

    /** The first commit of a new repository: {@code strata.yaml} with dev, staging and production. */
    static void initialCommit(Repository repository, Clock clock) throws IOException {
        PersonIdent strata = GitConfigStore.serviceIdentity();
        CommitWriter.commit(
                repository,
                clock,
                new LocalRefs(repository),
                null,
                Map.of(PipelineFile.PATH, PipelineFile.INITIAL),
                strata,
                strata,
                "Create the configuration repository");
    }

    /**
     * Durability over speed: objects and refs are fsynced before a commit is acknowledged. Strata's
     * commits write packs that {@link CommitPack} fsyncs itself; JGit fsyncs ref files, and loose
     * objects if anything writes one, because of its own settings, made process-wide and in memory
     * ({@link #fsyncLooseObjects()}): JGit 7.8 does not read Git's {@code core.fsync}, and Git warns
     * that JGit's {@code core.fsyncObjectFiles} is deprecated whenever it finds it in the
     * repository's configuration, so that key is removed and {@code core.fsync} written for Git
     * commands run on the repository (receive-pack). Automatic gc is off for JGit and for git
     * commands; {@code maintain()} does it instead. The commit-graph with changed-path filters
     * makes history queries on one file fast.
     */
    static void configure(Repository repository) throws IOException {
        readChangedPathFilters();
        fsyncLooseObjects();
        largerPackCache();
        StoredConfig config = repository.getConfig();
        String before = config.toText();
        config.unset(ConfigConstants.CONFIG_CORE_SECTION, null, FSYNC_OBJECT_FILES);
        config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, "fsync", "committed,derived-metadata");
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncRefFiles", true);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_COMMIT_GRAPH, true);
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
        // JGit checks for automatic gc after each fetch; in the fetch's thread, not one left running behind it
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_WRITE_COMMIT_GRAPH, true);
        config.setBoolean(
                ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_WRITE_CHANGED_PATHS, true);
        config.setBoolean(ConfigConstants.CONFIG_RECEIVE_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOGC, false);
        if (!config.toText().equals(before)) {
            config.save();
        }
    }

    /**
     * JGit's default pack cache (10 MB of pack windows, 10 MB of delta bases) is sized for a
     * workstation; history queries reconstruct large directory trees from delta chains, and a bigger
     * cache keeps the bases of those chains in memory. Process-wide, installed once.
     */
    private static synchronized void largerPackCache() {
        if (!packCacheInstalled) {
            WindowCacheConfig cache = new WindowCacheConfig();
            cache.setPackedGitLimit(64L << 20);
            cache.setDeltaBaseCacheLimit(32 << 20);
            cache.install();
            packCacheInstalled = true;
        }
    }

    /** See {@link #configure}: JGit reads its own configuration beneath every repository's. */
    private static void fsyncLooseObjects() throws IOException {
        try {
            StoredConfig jgit = SystemReader.getInstance().getJGitConfig();
            if (!jgit.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, FSYNC_OBJECT_FILES, false)) {
                jgit.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, FSYNC_OBJECT_FILES, true);
            }
        } catch (ConfigInvalidException e) {
            LOG.warn("JGit's configuration is invalid ({}); loose objects will not be fsynced", e.getMessage());
        }
    }

    /**
     * JGit reads the commit-graph's changed-path filters only when its own, process-wide
     * configuration says so (not the repository's); without them a history query on one file
     * diffs the trees of every commit. The setting is made in memory and never saved.
     */
    private static void readChangedPathFilters() throws IOException {
        try {
            StoredConfig jgit = SystemReader.getInstance().getJGitConfig();
            if (!jgit.getBoolean(
                    ConfigConstants.CONFIG_COMMIT_GRAPH_SECTION,
                    ConfigConstants.CONFIG_KEY_READ_CHANGED_PATHS,
                    false)) {
                jgit.setBoolean(
                        ConfigConstants.CONFIG_COMMIT_GRAPH_SECTION,
                        null,
                        ConfigConstants.CONFIG_KEY_READ_CHANGED_PATHS,
                        true);
            }
        } catch (ConfigInvalidException e) {
            LOG.warn(
                    "JGit's configuration is invalid ({}); history queries will not use changed-path filters",
                    e.getMessage());
        }
    }
}
