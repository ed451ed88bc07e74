package dev.strata.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id a Strata instance publishes its sightings under: made once, kept in the data directory, refused when edited into something else. */
class StrataInstanceIdTest {

    @TempDir
    Path dataDir;

    @Test
    void the_id_is_made_once_and_the_same_after_a_restart() throws Exception {
        StrataInstanceId first = StrataInstanceId.in(new DataDirectory(dataDir));
        StrataInstanceId again = StrataInstanceId.in(new DataDirectory(dataDir));

        assertThat(again).isEqualTo(first);
        assertThat(first.value()).matches("strata-[0-9a-f]{12}");
        assertThat(Files.readString(dataDir.resolve(StrataInstanceId.FILE)).strip())
                .isEqualTo(first.value());
        assertThat(StrataInstanceId.in(new DataDirectory(Files.createDirectory(dataDir.resolve("other")))))
                .as("another data directory, another id")
                .isNotEqualTo(first);
    }

    @Test
    void a_file_that_holds_no_id_stops_start_up_and_says_what_to_do() throws Exception {
        for (String hostile : new String[] {"", "../../refs/heads/main", "Upper", "a".repeat(65), "one\ntwo", "a b"}) {
            Files.writeString(dataDir.resolve(StrataInstanceId.FILE), hostile);

            assertThatThrownBy(() -> StrataInstanceId.in(new DataDirectory(dataDir)))
                    .as(hostile)
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining("holds no Strata instance id")
                    .satisfies(problem ->
                            assertThat(((StartupProblem) problem).action()).startsWith("Delete"));
        }
    }
}
