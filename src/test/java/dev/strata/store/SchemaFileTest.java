package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.AppName;
import dev.strata.config.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SchemaFileTest {

    @Test
    void shared_and_includes_are_written_and_read_back() throws Exception {
        var schema = new Schema(
                "Kafka clients",
                List.of("team-platform"),
                new TreeMap<>(),
                true,
                List.of(new AppName("observability"), new AppName("kafka-eu")));

        byte[] written = SchemaFile.write(schema);

        assertThat(new String(written, StandardCharsets.UTF_8))
                .contains("shared: true\nincludes:\n  - observability\n  - kafka-eu\n");
        assertThat(SchemaFile.read(written)).isEqualTo(schema);
    }

    @Test
    void a_schema_without_them_is_written_as_before() throws Exception {
        var schema = new Schema("Payments", List.of(), new TreeMap<>());

        assertThat(new String(SchemaFile.write(schema), StandardCharsets.UTF_8))
                .isEqualTo("description: Payments\nkeys: {}\n");
        assertThat(SchemaFile.read(SchemaFile.write(schema)).includes()).isEmpty();
    }

    @Test
    void one_include_may_be_written_without_a_list() throws Exception {
        assertThat(SchemaFile.read("includes: observability\nkeys: {}\n".getBytes(StandardCharsets.UTF_8))
                        .includes())
                .containsExactly(new AppName("observability"));
    }

    @Test
    void a_hand_edited_include_that_is_no_application_name_makes_the_schema_unreadable() {
        assertThatThrownBy(
                        () -> SchemaFile.read("includes: [\"../../etc\"]\nkeys: {}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableFileException.class);
        assertThatThrownBy(() -> SchemaFile.read("includes: {a: b}\nkeys: {}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableFileException.class);
        assertThatThrownBy(() -> SchemaFile.read("shared: maybe\nkeys: {}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableFileException.class);
    }
}
