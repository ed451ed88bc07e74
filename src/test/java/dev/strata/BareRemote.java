package dev.strata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * An empty bare repository in a temporary directory, made with the git command line, that a
 * Strata under test uses as its remote over file://; it can be taken away and brought back.
 */
public record BareRemote(Path root, Path repository) {

    public static BareRemote create() throws IOException {
        Path root = Files.createTempDirectory("strata-remote");
        return new BareRemote(root, GitCli.initBare(root.resolve("config.git")));
    }

    public String url() {
        return "file://" + repository;
    }

    /** Points Strata at this remote: {@code strata.remote.url}, plus {@code more} as name, value, name, value… */
    public void register(DynamicPropertyRegistry registry, String... more) {
        registry.add("strata.remote.url", this::url);
        for (int i = 0; i < more.length; i += 2) {
            String value = more[i + 1];
            registry.add(more[i], () -> value);
        }
    }

    /** The branch main of the remote, as git sees it. */
    public String head() {
        return GitCli.in(repository, "rev-parse", "main").strip();
    }

    /** Moves the repository away, so that the remote cannot be reached, until the answer is closed. */
    public Away away() throws IOException {
        Path elsewhere = root.resolve("away.git");
        Files.move(repository, elsewhere);
        return () -> {
            try {
                Files.move(elsewhere, repository);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    public void delete() throws IOException {
        FileSystemUtils.deleteRecursively(root);
    }

    /** The remote taken away; closing brings it back. */
    public interface Away extends AutoCloseable {
        @Override
        void close();
    }
}
