package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DemoCopies;
import dev.strata.ViewTest;
import dev.strata.config.AppName;
import dev.strata.config.ConfigStore;
import dev.strata.config.EnvName;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.formats.FileFormat;
import dev.strata.secrets.Secrets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Roles limited to a team, in the editing services: erin of the demo holds {@code editor:*@team-payments}
 * and reaches payments (owned by team-payments), never checkout (team-checkout) nor an application
 * without owners. The tests change copies of the demo's applications ({@link DemoCopies}), and only try
 * to change checkout, so the classes sharing this Strata find the demo as it was.
 */
@ViewTest
class TeamOwnershipTest {

    static final AppName CHECKOUT = new AppName("checkout");
    static final EnvName DEV = new EnvName("dev");

    @Autowired
    SettingsService settings;

    @Autowired
    SettingsTransfer transfer;

    @Autowired
    SchemaService schemas;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    /** This test's copy of the demo's payments, owned by team-payments as payments is. */
    AppName payments;

    @BeforeEach
    void copyOfPayments() {
        payments = new DemoCopies(store, secrets).copy("payments");
    }

    private static TreeMap<SettingKey, String> set(String key, String value) {
        return new TreeMap<>(Map.of(new SettingKey(key), value));
    }

    @Test
    @WithUserDetails("erin")
    void a_team_editor_commits_to_the_teams_application_and_not_to_a_foreign_one() {
        settings.change(payments, DEV, store.head(), "Longer timeout", set("HTTP_TIMEOUT", "45s"), new TreeSet<>());

        assertThatThrownBy(
                        () -> settings.change(CHECKOUT, DEV, store.head(), "Not mine", set("X", "1"), new TreeSet<>()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Changing dev needs the role editor:dev or editor:dev@team-checkout.");
        assertThat(settings.commitRefusal(payments, DEV)).isNull();
        assertThat(settings.commitRefusal(CHECKOUT, DEV))
                .isEqualTo(
                        "You may read dev but not change it: that needs the role editor:dev or editor:dev@team-checkout.");
    }

    @Test
    @WithUserDetails("erin")
    void a_team_editor_reveals_and_imports_only_in_the_teams_applications() {
        assertThat(settings.read(payments, DEV, true).settings()).doesNotContainValue(Secrecy.MASK);
        assertThatThrownBy(() -> settings.read(CHECKOUT, DEV, true)).isInstanceOf(AccessDeniedException.class);
        assertThat(settings.table(CHECKOUT).columns()).noneMatch(SettingsTable.Column::mayReveal);
        assertThat(settings.table(payments).columns()).allMatch(SettingsTable.Column::mayReveal);

        assertThat(transfer.previewImport(payments, DEV, FileFormat.ENV, "HTTP_TIMEOUT=\"20s\"\n", false)
                        .changes())
                .hasSize(1);
        assertThatThrownBy(() -> transfer.previewImport(CHECKOUT, DEV, FileFormat.ENV, "X=\"1\"\n", false))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @WithUserDetails("erin")
    void an_application_without_owners_is_governed_by_unscoped_roles_only() {
        var orphan = new DemoCopies(store, secrets).create("orphan", new Schema("", List.of(), new TreeMap<>()));

        assertThatThrownBy(() -> settings.change(orphan, DEV, store.head(), "Mine?", set("X", "1"), new TreeSet<>()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Changing dev needs the role editor:dev.");
        assertThat(schemas.mayEdit(orphan)).isFalse();
    }

    @Test
    @WithUserDetails("erin")
    void an_owning_teams_editor_changes_its_schema_but_not_a_foreign_one() {
        Schema schema = schemas.schema(payments).schema();
        schemas.save(
                payments, new Schema("Payments, by team payments", schema.owners(), schema.keys()), store.head(), "");
        assertThat(schemas.schema(payments).schema().description()).isEqualTo("Payments, by team payments");

        Schema checkout = schemas.schema(CHECKOUT).schema();
        assertThat(schemas.mayEdit(CHECKOUT)).isFalse();
        assertThatThrownBy(() -> schemas.save(
                        CHECKOUT, new Schema("mine now", List.of("team-payments"), checkout.keys()), store.head(), ""))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> schemas.markSecretAndChange(
                        CHECKOUT, DEV, store.head(), "", set("X", "1"), new TreeSet<>(), Set.of(new SettingKey("X"))))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @WithUserDetails("erin")
    void an_owner_cannot_remove_the_last_owning_team() {
        Schema schema = schemas.schema(payments).schema();

        assertThatThrownBy(() -> schemas.save(
                        payments, new Schema(schema.description(), List.of(), schema.keys()), store.head(), ""))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("keeps at least one owner");
        assertThat(schemas.schema(payments).schema().owners()).containsExactly("team-payments");

        schemas.save(
                payments,
                new Schema(schema.description(), List.of("team-payments", "team-checkout"), schema.keys()),
                store.head(),
                "Checkout shares payments");
        schemas.save(
                payments,
                new Schema(schema.description(), List.of("team-checkout"), schema.keys()),
                store.head(),
                "Hand payments over to checkout");
        assertThat(schemas.mayEdit(payments)).as("handed over").isFalse();
    }

    @Test
    @WithUserDetails("admin")
    void an_admin_may_leave_an_application_without_owners() {
        AppName search = new DemoCopies(store, secrets).copy("search");
        Schema schema = schemas.schema(search).schema();

        schemas.save(search, new Schema(schema.description(), List.of(), schema.keys()), store.head(), "");

        assertThat(schemas.schema(search).schema().owners()).isEmpty();
    }
}
