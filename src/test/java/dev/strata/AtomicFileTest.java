package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dataDir;

    @Test
    void a_rewritten_file_holds_the_new_content_only_its_owner_can_read_and_leaves_no_temporary_file()
            throws IOException {
        Path file = dataDir.resolve("tokens.yaml");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFile.write(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void a_file_in_a_missing_directory_is_written_after_the_directory_is_made() throws IOException {
        Path file = dataDir.resolve("cache/changed-keys");

        AtomicFile.write(file, new byte[] {1, 2, 3});

        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }
}
