package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedKeysTest {

    private static final ObjectId ONE = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
    private static final ObjectId TWO = ObjectId.fromString("89abcdef0123456789abcdef0123456789abcdef");

    @TempDir
    Path dir;

    private Path saved() throws IOException {
        Path file = dir.resolve(ChangedKeys.FILE);
        ChangedKeys keys = ChangedKeys.load(file);
        keys.put(ONE, new int[] {-7, 3, 42});
        keys.put(TWO, new int[0]);
        keys.save();
        return file;
    }

    @Test
    void what_was_saved_is_loaded_again() throws IOException {
        ChangedKeys loaded = ChangedKeys.load(saved());
        assertThat(loaded.get(ONE)).containsExactly(-7, 3, 42);
        assertThat(loaded.get(TWO)).isEmpty();
        assertThat(ChangedKeys.load(dir.resolve("missing")).get(ONE)).isNull();
    }

    @Test
    void a_damaged_or_truncated_file_is_ignored() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        bytes[30] ^= 1;
        Files.write(file, bytes);
        assertThat(ChangedKeys.load(file).get(ONE)).isNull();
        Files.write(file, Arrays.copyOf(bytes, 20));
        assertThat(ChangedKeys.load(file).get(ONE)).isNull();
        Files.write(file, new byte[0]);
        assertThat(ChangedKeys.load(file).get(ONE)).isNull();
    }
}
