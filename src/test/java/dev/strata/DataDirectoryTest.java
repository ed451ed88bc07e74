package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void a_missing_data_directory_is_created() {
        Path dir = temp.resolve("nested/data");

        var dataDirectory = new DataDirectory(dir);

        assertThat(dir).isDirectory();
        assertThat(dataDirectory.resolve("users.yaml")).isEqualTo(dir.resolve("users.yaml"));
    }

    @Test
    void an_existing_data_directory_is_used_as_it_is() throws Exception {
        Files.writeString(temp.resolve("keep.txt"), "mine");

        new DataDirectory(temp);

        assertThat(temp.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void a_data_directory_that_is_a_file_is_refused_with_its_path() throws Exception {
        Path file = Files.writeString(temp.resolve("data"), "not a directory");

        assertThatThrownBy(() -> new DataDirectory(file))
                .isInstanceOf(StartupProblem.class)
                .hasMessage("The data directory " + file + " is a file, not a directory.");
    }

    @Test
    void a_data_directory_that_cannot_be_created_is_refused_with_its_path() {
        // /proc refuses new directories even to root, which CI runs as
        Path impossible = Path.of("/proc/strata-data");

        assertThatThrownBy(() -> new DataDirectory(impossible))
                .isInstanceOf(StartupProblem.class)
                .hasMessageStartingWith("The data directory /proc/strata-data cannot be created")
                .satisfies(e -> assertThat(((StartupProblem) e).action()).contains("STRATA_DATA_DIR"));
    }
}
