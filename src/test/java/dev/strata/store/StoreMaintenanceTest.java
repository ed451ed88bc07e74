package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.DataDirectory;
import dev.strata.StrataProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StoreMaintenanceTest {

    @TempDir
    Path dataDir;

    @Test
    void maintenance_runs_in_the_background_on_its_schedule(CapturedOutput output) {
        new ApplicationContextRunner()
                .withBean(DataDirectory.class, () -> new DataDirectory(dataDir))
                .withBean(
                        StrataProperties.class,
                        () -> new StrataProperties(
                                dataDir,
                                false,
                                null,
                                "",
                                new StrataProperties.Maintenance(Duration.ZERO, Duration.ofHours(1)),
                                null,
                                null,
                                null))
                .withUserConfiguration(StoreConfiguration.class, StoreMaintenance.class)
                .run(context -> await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(output.getAll()).contains("Repository maintenance done")));
    }
}
