package dev.strata.instances;

import dev.strata.AtomicFile;
import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This Strata instance's name among those sharing one remote, which its snapshot of sightings is
 * published under: made at random once and kept in {@value #FILE} in the data directory, so that
 * it survives restarts and a restarted instance replaces its own snapshot rather than adding one.
 * A copied data directory copies the id too: delete the file in the copy.
 *
 * @param value {@code strata-} and twelve hexadecimal digits, or as written in the file: 1–64 characters of {@code a-z0-9-}
 */
record StrataInstanceId(String value) {

    static final String FILE = "strata-instance-id";
    private static final int MAX = 64;

    StrataInstanceId {
        if (!valid(value)) {
            throw new IllegalArgumentException("Not a Strata instance id: " + value);
        }
    }

    /** The id kept in {@code dataDirectory}, made and kept there first when there is none. */
    static StrataInstanceId in(DataDirectory dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!valid(kept)) {
                    throw new StartupProblem(
                            "The file " + file + " holds no Strata instance id (1–" + MAX
                                    + " characters of a-z, 0-9 and -).",
                            "Delete " + file + ": Strata makes a new id at start.",
                            null);
                }
                return new StrataInstanceId(kept);
            }
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            StrataInstanceId made =
                    new StrataInstanceId("strata-" + HexFormat.of().formatHex(random));
            AtomicFile.write(file, (made.value() + "\n").getBytes(StandardCharsets.UTF_8));
            return made;
        } catch (IOException e) {
            throw new StartupProblem(
                    "The Strata instance id in " + file + " cannot be read or written: " + e.getMessage(),
                    "Check that the user running Strata can write to the data directory.",
                    e);
        }
    }

    private static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
