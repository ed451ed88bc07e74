package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Start-up refuses a bad data directory or account file with one clear report, not a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @TempDir
    Path temp;

    private void start(Path dataDir) {
        new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + dataDir, "server.port=0")
                .run()
                .close();
    }

    @Test
    void a_users_file_with_a_duplicate_username_stops_start_up_naming_file_and_line(CapturedOutput output)
            throws Exception {
        Files.writeString(temp.resolve("users.yaml"), """
                users:
                  - username: alice
                    password: "{noop}a"
                  - username: alice
                    password: "{noop}b"
                """);

        assertThatThrownBy(() -> start(temp)).hasRootCauseInstanceOf(StartupProblem.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains(temp.resolve("users.yaml") + ":4: duplicate username 'alice'")
                .doesNotContain("\tat dev.strata");
    }

    @Test
    void a_role_with_an_at_sign_and_no_team_stops_start_up_naming_file_and_line(CapturedOutput output)
            throws Exception {
        Files.writeString(temp.resolve("users.yaml"), """
                users:
                  - username: admin
                    password: "{noop}a"
                    roles: [admin]
                  - username: erin
                    password: "{noop}b"
                    roles: ["editor:*@"]
                """);

        assertThatThrownBy(() -> start(temp)).hasRootCauseInstanceOf(StartupProblem.class);

        assertThat(output.getAll())
                .contains(temp.resolve("users.yaml") + ":5: role 'editor:*@': '@' must be followed by a team name")
                .doesNotContain("\tat dev.strata");
    }

    @Test
    void a_data_directory_that_is_a_file_stops_start_up(CapturedOutput output) throws Exception {
        Path file = Files.writeString(temp.resolve("data"), "x");

        assertThatThrownBy(() -> start(file)).hasRootCauseInstanceOf(StartupProblem.class);

        assertThat(output.getAll())
                .contains("The data directory " + file + " is a file, not a directory.")
                .contains("STRATA_DATA_DIR");
    }

    @Test
    void a_config_repository_that_is_a_file_stops_start_up(CapturedOutput output) throws Exception {
        Files.writeString(temp.resolve("config.git"), "not a repository");

        assertThatThrownBy(() -> start(temp)).isInstanceOf(Exception.class);

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("config.git");
    }

    @Test
    void a_second_strata_on_the_data_directory_of_a_running_one_stops_start_up(CapturedOutput output) {
        try (var running = new SpringApplicationBuilder(StrataApplication.class)
                .properties("strata.data-dir=" + temp, "server.port=0")
                .run()) {

            assertThatThrownBy(() -> start(temp)).hasStackTraceContaining(StartupProblem.class.getName());

            assertThat(output.getAll())
                    .contains("APPLICATION FAILED TO START")
                    .contains("The data directory " + temp + " (STRATA_DATA_DIR) is in use by another Strata")
                    .contains("Stop the other Strata first")
                    .doesNotContain("\tat dev.strata");
            assertThat(running.isRunning()).isTrue();
        }
    }

    @Test
    void an_empty_data_directory_starts_with_a_repository_and_an_initial_admin() throws Exception {
        start(temp);

        assertThat(temp.resolve("config.git/HEAD")).hasContent("ref: refs/heads/main");
        assertThat(temp.resolve("initial-admin-password")).exists();
        assertThat(temp.resolve("users.yaml")).exists();
    }
}
