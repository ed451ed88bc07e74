package dev.strata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh data directories for tests that start Strata; each Spring test class gets its own. */
public final class TestDataDirectories {

    private TestDataDirectories() {}

    public static Path create() {
        try {
            Path dir = Files.createTempDirectory("strata-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
