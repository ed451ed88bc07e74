package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.DataDirectory;
import dev.strata.GitCli;
import dev.strata.StrataProperties;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.Replication;
import java.nio.file.Path;
import java.time.Duration;
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
                .withBean(StrataProperties.class, () -> new StrataProperties(dataDir.resolve("data"), false, null))
                .withUserConfiguration(StoreConfiguration.class)
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(ConfigStore.class)
                            .hasSingleBean(ConfigHistory.class)
                            .doesNotHaveBean(Replication.class);
                    assertThat(dataDir.resolve("data/config.git/HEAD")).exists();
                    assertThat(context.getBean(ConfigStore.class)
                                    .snapshot()
                                    .pipeline()
                                    .names())
                            .hasSize(3);
                });
    }

    @Test
    void with_a_remote_url_the_repository_is_pushed_there_and_its_state_offered_as_the_replication_port() {
        Path remote = dataDir.resolve("remote.git");
        GitCli.initBare(remote);
        var settings = new StrataProperties.Remote(
                "file://" + remote, "main", null, null, null, null, Duration.ofMinutes(1), Duration.ofSeconds(5), null);
        new ApplicationContextRunner()
                .withBean(DataDirectory.class, () -> new DataDirectory(dataDir.resolve("data")))
                .withBean(StrataProperties.class, () -> new StrataProperties(dataDir.resolve("data"), false, settings))
                .withPropertyValues("strata.remote.url=file://" + remote)
                .withUserConfiguration(StoreConfiguration.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(Replication.class);
                    assertThat(context.getBean(Replication.class).status().lastPush())
                            .isNotNull();
                    assertThat(GitCli.in(remote, "rev-parse", "main").strip())
                            .isEqualTo(context.getBean(ConfigStore.class).head().id());
                });
    }

    @Test
    void remote_settings_that_cannot_work_stop_start_up_naming_the_setting() {
        var settings = new StrataProperties.Remote(
                "file:///nowhere.git",
                "no..branch",
                null,
                null,
                null,
                null,
                Duration.ofMinutes(1),
                Duration.ofSeconds(5),
                null);
        new ApplicationContextRunner()
                .withBean(DataDirectory.class, () -> new DataDirectory(dataDir.resolve("data")))
                .withBean(StrataProperties.class, () -> new StrataProperties(dataDir.resolve("data"), false, settings))
                .withUserConfiguration(StoreConfiguration.class)
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("STRATA_REMOTE_BRANCH"));
    }
}
