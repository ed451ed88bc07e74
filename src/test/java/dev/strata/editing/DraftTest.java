package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DraftTest {

    static final EnvName DEV = new EnvName("dev");
    static final EnvName STAGING = new EnvName("staging");
    static final Revision BASE = new Revision("a".repeat(40));
    static final Revision LATER = new Revision("b".repeat(40));
    static final SettingKey PORT = new SettingKey("server.port");
    static final SettingKey LEVEL = new SettingKey("LOG_LEVEL");

    @Test
    void edits_collect_for_one_environment_and_remember_their_base() {
        var draft = new Draft();

        draft.set(DEV, BASE, PORT, "9090", "8080");
        draft.unset(DEV, LATER, LEVEL, true);

        assertThat(draft.env()).contains(DEV);
        assertThat(draft.base()).isEqualTo(BASE);
        assertThat(draft.changes()).containsExactly(new Draft.Change(LEVEL, null), new Draft.Change(PORT, "9090"));
        assertThat(draft.size()).isEqualTo(2);
    }

    @Test
    void an_edit_back_to_the_value_in_the_file_withdraws_the_change() {
        var draft = new Draft();
        draft.set(DEV, BASE, PORT, "9090", "8080");

        draft.set(DEV, BASE, PORT, "8080", "8080");

        assertThat(draft.isEmpty()).isTrue();
        assertThat(draft.env()).isEmpty();
        assertThat(draft.accepts(STAGING)).isTrue();
    }

    @Test
    void a_second_environment_is_refused_until_the_draft_is_saved_or_discarded() {
        var draft = new Draft();
        draft.set(DEV, BASE, PORT, "9090", "8080");

        assertThat(draft.accepts(STAGING)).isFalse();
        assertThatThrownBy(() -> draft.set(STAGING, BASE, PORT, "1", "8080"))
                .hasMessage("The draft holds changes to dev; save or discard them before changing staging.");
        draft.discard();
        assertThat(draft.accepts(STAGING)).isTrue();
    }

    @Test
    void removing_a_key_added_in_the_draft_only_withdraws_the_addition() {
        var draft = new Draft();
        draft.set(DEV, BASE, PORT, "9090", null);

        draft.unset(DEV, BASE, PORT, false);

        assertThat(draft.isEmpty()).isTrue();
    }

    @Test
    void values_that_fail_their_type_are_problems_that_block_the_save() {
        var schema = new Schema("", List.of(), new TreeMap<>(java.util.Map.of(PORT, KeySpec.of(KeyType.INT))));
        var draft = new Draft();

        draft.set(DEV, BASE, PORT, "eighty", "8080");

        assertThat(draft.problems(schema))
                .extracting(p -> p.subject() + ": " + p.message())
                .containsExactly("server.port: expected a whole number (int), got 'eighty'");
    }

    @Test
    void settling_a_conflict_drops_the_keys_whose_theirs_is_kept_and_moves_the_base() {
        var draft = new Draft();
        draft.set(DEV, BASE, PORT, "9090", "8080");
        draft.set(DEV, BASE, LEVEL, "WARN", "INFO");

        draft.resolve(LATER, Set.of(LEVEL));

        assertThat(draft.changes()).containsExactly(new Draft.Change(PORT, "9090"));
        assertThat(draft.base()).isEqualTo(LATER);
    }
}
