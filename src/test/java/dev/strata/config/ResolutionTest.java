package dev.strata.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResolutionTest {

    private static final Revision REVISION = new Revision("0123456789abcdef0123456789abcdef01234567");
    private static final AppName APP = new AppName("payments");
    private static final AppName OBSERVABILITY = new AppName("observability");
    private static final AppName KAFKA = new AppName("kafka");
    private static final EnvName DEV = new EnvName("dev");
    private static final EnvName PROD = new EnvName("production");
    private static final SettingKey KEY = new SettingKey("ENDPOINT");

    /** Every combination of the four layers that may hold a value of one key, and the source that must win. */
    static Stream<Arguments> layerCombinations() {
        return IntStream.range(0, 16).mapToObj(mask -> {
            boolean appValue = (mask & 1) != 0;
            boolean setValue = (mask & 2) != 0;
            boolean appDefault = (mask & 4) != 0;
            boolean setDefault = (mask & 8) != 0;
            String expected = appValue
                    ? "app=app"
                    : setValue
                            ? "shared:observability=set"
                            : appDefault ? "default=app-default" : setDefault ? "default=set-default" : "none";
            return Arguments.of(appValue, setValue, appDefault, setDefault, expected);
        });
    }

    @ParameterizedTest(name = "app value {0}, set value {1}, app default {2}, set default {3}: {4}")
    @MethodSource("layerCombinations")
    void the_highest_layer_that_has_a_value_wins(
            boolean appValue, boolean setValue, boolean appDefault, boolean setDefault, String expected) {
        var snapshot = new Fixture()
                .app(APP, schema(appDefault ? "app-default" : null, false, List.of(OBSERVABILITY)))
                .app(OBSERVABILITY, schema(setDefault ? "set-default" : null, true, List.of()))
                .value(APP, DEV, appValue ? "app" : null)
                .value(OBSERVABILITY, DEV, setValue ? "set" : null)
                .snapshot();

        Resolution.Value value = snapshot.resolution(APP, DEV).values().get(KEY);

        assertThat(value == null ? "none" : value.source() + "=" + value.value())
                .isEqualTo(expected);
    }

    @Test
    void a_later_set_in_includes_wins_over_an_earlier_one_and_each_default_likewise() {
        var snapshot = new Fixture()
                .app(APP, schema(null, false, List.of(KAFKA, OBSERVABILITY)))
                .app(KAFKA, schema("kafka-default", true, List.of()))
                .app(OBSERVABILITY, schema("observability-default", true, List.of()))
                .value(KAFKA, DEV, "kafka")
                .value(OBSERVABILITY, DEV, "observability")
                .snapshot();

        assertThat(snapshot.resolution(APP, DEV).values().get(KEY).source()).isEqualTo("shared:observability");
        assertThat(snapshot.resolution(APP, PROD).values().get(KEY).value()).isEqualTo("observability-default");
    }

    @Test
    void a_set_wins_over_the_sets_it_includes_itself() {
        var snapshot = new Fixture()
                .app(APP, schema(null, false, List.of(OBSERVABILITY)))
                .app(OBSERVABILITY, schema(null, true, List.of(KAFKA)))
                .app(KAFKA, schema(null, true, List.of()))
                .value(KAFKA, DEV, "kafka")
                .value(KAFKA, PROD, "kafka")
                .value(OBSERVABILITY, DEV, "observability")
                .snapshot();

        assertThat(snapshot.resolution(APP, DEV).values().get(KEY).source()).isEqualTo("shared:observability");
        assertThat(snapshot.resolution(APP, PROD).values().get(KEY).source()).isEqualTo("shared:kafka");
        assertThat(snapshot.resolution(APP, DEV).sets()).containsExactly(KAFKA, OBSERVABILITY);
    }

    @Test
    void a_value_of_another_environment_of_the_set_is_not_inherited() {
        var snapshot = new Fixture()
                .app(APP, schema(null, false, List.of(OBSERVABILITY)))
                .app(OBSERVABILITY, schema(null, true, List.of()))
                .value(OBSERVABILITY, PROD, "prod-only")
                .snapshot();

        assertThat(snapshot.resolution(APP, DEV).values()).doesNotContainKey(KEY);
        assertThat(snapshot.resolution(APP, PROD).values().get(KEY).value()).isEqualTo("prod-only");
    }

    @Test
    void a_hand_edited_cycle_or_an_unknown_or_unshared_set_resolves_without_looping() {
        var snapshot = new Fixture()
                .app(APP, schema(null, false, List.of(OBSERVABILITY, new AppName("ghost"), new AppName("billing"))))
                .app(OBSERVABILITY, schema(null, true, List.of(KAFKA)))
                .app(KAFKA, schema(null, true, List.of(OBSERVABILITY)))
                .app(new AppName("billing"), schema(null, false, List.of()))
                .value(new AppName("billing"), DEV, "not shared")
                .value(KAFKA, DEV, "kafka")
                .snapshot();

        Resolution resolution = snapshot.resolution(APP, DEV);

        assertThat(resolution.sets()).containsExactly(KAFKA, OBSERVABILITY);
        assertThat(resolution.values().get(KEY).source()).isEqualTo("shared:kafka");
    }

    @Test
    void an_override_is_typed_by_the_application_and_a_clash_of_types_is_a_problem() {
        var appSchema = new Schema(
                "", List.of(), new TreeMap<>(Map.of(KEY, KeySpec.of(KeyType.INT))), false, List.of(OBSERVABILITY));
        var setSchema = new Schema("", List.of(), new TreeMap<>(Map.of(KEY, KeySpec.of(KeyType.URL))), true, List.of());
        var snapshot = new Fixture()
                .app(APP, appSchema)
                .app(OBSERVABILITY, setSchema)
                .value(APP, DEV, "8080")
                .value(OBSERVABILITY, PROD, "https://otel:4318")
                .snapshot();

        assertThat(snapshot.resolution(APP, DEV).values().get(KEY).spec().type())
                .isEqualTo(KeyType.INT);
        assertThat(snapshot.resolution(APP, PROD).values().get(KEY).spec().type())
                .isEqualTo(KeyType.URL);
        assertThat(snapshot.resolution(APP, DEV).problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.message())
                        .contains("int in payments but url in the shared set observability"));
    }

    @Test
    void includes_refuse_unknown_sets_itself_applications_and_cycles() {
        var applications = new Fixture()
                .app(OBSERVABILITY, schema(null, true, List.of(KAFKA)))
                .app(KAFKA, schema(null, true, List.of()))
                .app(new AppName("billing"), schema(null, false, List.of()))
                .snapshot()
                .applications();

        assertThat(messages(APP, schema(null, false, List.of(new AppName("ghost"))), applications))
                .containsExactly("there is no shared set ghost");
        assertThat(messages(APP, schema(null, false, List.of(APP)), applications))
                .containsExactly("payments cannot include itself");
        assertThat(messages(APP, schema(null, false, List.of(new AppName("billing"))), applications))
                .containsExactly("billing is an application, not a shared set (shared: true)");
        assertThat(messages(KAFKA, schema(null, true, List.of(OBSERVABILITY)), applications))
                .singleElement()
                .asString()
                .contains("include itself through the sets it includes");
        assertThat(messages(KAFKA, schema(null, false, List.of()), applications))
                .containsExactly("kafka stays a shared set while observability include it");
        assertThat(messages(APP, schema(null, false, List.of(OBSERVABILITY, KAFKA)), applications))
                .isEmpty();
    }

    @Test
    void a_change_to_a_set_reaches_the_applications_that_do_not_override_the_key() {
        var other = new AppName("checkout");
        var snapshot = new Fixture()
                .app(APP, schema(null, false, List.of(OBSERVABILITY)))
                .app(other, schema(null, false, List.of(OBSERVABILITY)))
                .app(OBSERVABILITY, schema(null, true, List.of()))
                .app(new AppName("billing"), schema(null, false, List.of()))
                .value(APP, DEV, "own")
                .snapshot();

        assertThat(Includes.reaches(snapshot, OBSERVABILITY, DEV, Set.of(KEY))).containsExactly(other);
        assertThat(Includes.reaches(snapshot, OBSERVABILITY, DEV, Set.of())).containsExactly(other, APP);
        assertThat(Includes.usedBy(OBSERVABILITY, snapshot.applications())).containsExactly("checkout", "payments");
    }

    private static List<String> messages(AppName app, Schema schema, Map<AppName, Application> applications) {
        return Includes.problems(app, schema, applications).stream()
                .map(Problem::message)
                .toList();
    }

    private static Schema schema(String defaultValue, boolean shared, List<AppName> includes) {
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        if (defaultValue != null) {
            keys.put(KEY, new KeySpec(KeyType.STRING, defaultValue, false, false, false, null, List.of()));
        }
        return new Schema("", List.of(), keys, shared, includes);
    }

    private static final class Fixture {
        private final TreeMap<AppName, Application> applications = new TreeMap<>();
        private final Map<AppEnv, Settings> settings = new HashMap<>();

        Fixture app(AppName name, Schema schema) {
            applications.put(name, new Application(name, schema));
            return this;
        }

        Fixture value(AppName app, EnvName env, String value) {
            if (value != null) {
                settings.put(new AppEnv(app, env), Settings.of(Map.of(KEY.value(), value)));
            }
            return this;
        }

        ConfigSnapshot snapshot() {
            return new ConfigSnapshot(REVISION, Pipeline.DEFAULT, applications, settings, List.of());
        }
    }
}
