package dev.strata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code STRATA_DATA_DIR}, checked once at start: created when missing, refused with one clear
 * line when it is a file or cannot be written, so that nothing fails later half-way.
 */
@Component
public class DataDirectory {

    private final Path path;

    @Autowired
    public DataDirectory(StrataProperties properties) {
        this(properties.dataDir());
    }

    public DataDirectory(Path configured) {
        this.path = configured.toAbsolutePath().normalize();
        String fix = "Set STRATA_DATA_DIR to a directory that the user running Strata can write to.";
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new StartupProblem("The data directory " + path + " is a file, not a directory.", fix, null);
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new StartupProblem("The data directory " + path + " cannot be created: " + e, fix, e);
        }
        if (!Files.isWritable(path) || !Files.isExecutable(path)) {
            throw new StartupProblem("The data directory " + path + " is not writable.", fix, null);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }
}
