package dev.strata.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The repository of the page benchmark (bench/pages/run): the store benchmark's 1,000 applications
 * × 3 environments × 50 keys, then {@code commits} one-key commits, all through {@link FastImport}
 * so that both benchmarks measure the same repository.
 */
public final class PagesRepository {

    public static final int APPS = FastImport.APPS;

    private PagesRepository() {}

    /** Creates the data directory's {@code config.git} with the seed and {@code commits} commits on top. */
    public static void generate(Path dataDir, int commits) throws IOException {
        GitConfigStore.open(dataDir).close();
        FastImport generator = new FastImport(dataDir.resolve(ConfigRepository.REPOSITORY));
        generator.seed();
        generator.commits(commits);
    }

    public static String app(int i) {
        return FastImport.app(i);
    }

    public static String key(int k) {
        return FastImport.key(k);
    }
}
