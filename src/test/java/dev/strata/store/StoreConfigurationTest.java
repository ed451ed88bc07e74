package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.DataDirectory;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StoreConfigurationTest {

    @TempDir
    Path dataDir;

    @Test
    void the_store_is_created_from_the_data_directory_and_offered_as_both_ports() {
        new ApplicationContextRunner()
                .withBean(DataDirectory.class, () -> new DataDirectory(dataDir.resolve("data")))
                .withUserConfiguration(StoreConfiguration.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(ConfigStore.class).hasSingleBean(ConfigHistory.class);
                    assertThat(dataDir.resolve("data/config.git/HEAD")).exists();
                    assertThat(context.getBean(ConfigStore.class).snapshot().pipeline().names()).hasSize(3);
                });
    }
}
