package dev.strata.store;

import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The child process of {@link CrashIT}: commits in a loop and prints each revision only after
 * {@code commit} returned, so every printed revision is an acknowledged commit.
 */
public final class CrashWriter {

    private CrashWriter() {}

    public static void main(String[] args) {
        AppName app = new AppName("payments");
        EnvName env = new EnvName("dev");
        Author author = new Author("Crash Writer", "crash@example.com");
        // Opened as in production: the parent starts a writer as soon as the previous one is dead,
        // as systemd or Kubernetes restart a process, and the lock files it left are seconds old.
        try (GitConfigStore store = GitConfigStore.open(Path.of(args[0]))) {
            try {
                store.createApplication(app, Schema.EMPTY, author, "Create payments");
            } catch (AlreadyExistsException e) {
                // created by an earlier writer
            }
            for (long i = 0; ; i++) {
                ChangeSet change = new ChangeSet(
                        app,
                        env,
                        new TreeMap<>(Map.of(new SettingKey("K" + (i % 20)), args[1] + "-" + i)),
                        new TreeSet<>(),
                        "Write " + i,
                        author,
                        store.head());
                System.out.println("ACK " + store.commit(change).revision().id());
            }
        }
    }
}
