package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.FreshDataDirectory;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.LastChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The overview's listing is made ahead of its visitors: after start-up and after each save. */
@SpringBootTest(properties = "strata.demo=true")
@FreshDataDirectory
class CurrentListingTest {

    @Autowired
    ConfigStore store;

    @Autowired
    CurrentListing listing;

    private boolean listedAt(Revision revision) {
        return listing.made().map(made -> made.revision().equals(revision)).orElse(false);
    }

    private ApplicationSummary summary(String app) {
        return listing.made().orElseThrow().fetch(ApplicationListing.Filter.ALL, 0, 50).stream()
                .filter(summary -> summary.name().equals(app))
                .findFirst()
                .orElseThrow();
    }

    private LastChange lastChange(String app) {
        return summary(app).lastChange();
    }

    private Revision save(String app, String env, String key, String value) {
        store.commit(new ChangeSet(
                new AppName(app),
                new EnvName(env),
                new TreeMap<>(Map.of(new SettingKey(key), value)),
                new TreeSet<>(),
                "Set " + key,
                new Author("Dana Scully", "dana@example.com"),
                store.head()));
        Revision saved = store.head();
        await().atMost(Duration.ofSeconds(20)).until(() -> listedAt(saved));
        return saved;
    }

    @Test
    void the_overview_is_listed_after_start_up_and_after_each_save_before_anyone_opens_it() {
        await().atMost(Duration.ofSeconds(20)).until(() -> listedAt(store.head()));
        LastChange checkout = lastChange("checkout");

        store.commit(new ChangeSet(
                new AppName("search"),
                new EnvName("dev"),
                new TreeMap<>(Map.of(new SettingKey("OVERVIEW_PROBE"), "1")),
                new TreeSet<>(),
                "Probe the overview",
                new Author("Dana Scully", "dana@example.com"),
                store.head()));
        Revision saved = store.head();

        await().atMost(Duration.ofSeconds(20)).until(() -> listedAt(saved));
        assertThat(lastChange("search").revision()).isEqualTo(saved);
        assertThat(lastChange("search").subject()).isEqualTo("Probe the overview");
        assertThat(lastChange("search").author().name()).isEqualTo("Dana Scully");
        assertThat(lastChange("checkout"))
                .as("an application the save did not touch keeps its last change")
                .isEqualTo(checkout);
    }

    @Test
    void after_a_save_only_the_application_saved_is_summarised_again() {
        await().atMost(Duration.ofSeconds(20)).until(() -> listedAt(store.head()));
        ApplicationSummary checkout = summary("checkout");
        int searchKeys = summary("search").environments().getFirst().keys();

        save("search", "dev", "SUMMARY_PROBE", "1");

        assertThat(summary("search").environments().getFirst().keys()).isEqualTo(searchKeys + 1);
        assertThat(summary("checkout")).as("taken over from the listing before").isSameAs(checkout);
    }

    @Test
    void a_change_to_a_shared_set_shows_in_the_summaries_of_the_applications_taking_it_in() {
        save("observability", "staging", "OTEL_TRACES_SAMPLER_ARG", "0.25");
        save("observability", "dev", "OTEL_TRACES_SAMPLER_ARG", "0.25");
        int drift = summary("payments").environments().get(1).drift();

        save("observability", "dev", "OTEL_TRACES_SAMPLER_ARG", "0.75");

        assertThat(summary("payments").environments().get(1).drift())
                .as("payments takes in the shared set: its staging now differs from dev in the sampler argument")
                .isEqualTo(drift + 1);
    }
}
