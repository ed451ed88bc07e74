package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    @TempDir
    Path dataDir;

    private SecretCipher cipher() {
        return new SecretCipher(new SecretKeyRing(new DataDirectory(dataDir), ""));
    }

    @Test
    void a_sealed_value_opens_to_the_plaintext_and_never_shows_it() {
        var cipher = cipher();

        String sealed = cipher.seal("payments", "dev", "DATABASE_PASSWORD", "hunter2-ünïcode");

        assertThat(sealed).startsWith("ENC[v1:").endsWith("]").doesNotContain("hunter2");
        assertThat(cipher.open("payments", "dev", "DATABASE_PASSWORD", sealed)).isEqualTo("hunter2-ünïcode");
        assertThat(cipher.seal("payments", "dev", "DATABASE_PASSWORD", "hunter2-ünïcode"))
                .as("a random nonce per value")
                .isNotEqualTo(sealed);
    }

    @Test
    void a_ciphertext_moved_to_another_key_environment_or_application_does_not_decrypt() {
        var cipher = cipher();
        String sealed = cipher.seal("payments", "dev", "DATABASE_PASSWORD", "hunter2");

        for (String[] target : new String[][] {
            {"payments", "dev", "API_KEY"},
            {"payments", "production", "DATABASE_PASSWORD"},
            {"checkout", "dev", "DATABASE_PASSWORD"}
        }) {
            assertThatThrownBy(() -> cipher.open(target[0], target[1], target[2], sealed))
                    .isInstanceOf(SecretException.class)
                    .hasMessageContaining("does not decrypt")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void a_tampered_or_garbled_value_is_refused_with_a_clear_message() {
        var cipher = cipher();
        String sealed = cipher.seal("payments", "dev", "K", "value");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + "]";

        assertThatThrownBy(() -> cipher.open("payments", "dev", "K", tampered))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open("payments", "dev", "K", "ENC[v1:garbage]"))
                .hasMessageContaining("not a valid ENC");
        assertThatThrownBy(() -> cipher.open("payments", "dev", "K", sealed.substring(0, 20) + "]"))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void a_value_sealed_with_another_key_names_both_keys() throws Exception {
        String sealed = cipher().seal("payments", "dev", "K", "value");
        Files.delete(dataDir.resolve("secrets.key"));

        assertThatThrownBy(() -> cipher().open("payments", "dev", "K", sealed))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("encrypted with key")
                .hasMessageContaining("restore the key");
    }

    @Test
    void the_key_file_is_generated_for_its_owner_only_and_reused() throws Exception {
        String sealed = cipher().seal("a", "b", "c", "v");

        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(cipher().open("a", "b", "c", sealed)).isEqualTo("v");
    }

    @Test
    void a_key_of_the_wrong_size_or_readable_by_others_stops_start_up() throws Exception {
        Path file = dataDir.resolve("secrets.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(this::cipher).isInstanceOf(StartupProblem.class).hasMessageContaining("is not 32 bytes");

        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(this::cipher)
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("can be read by others");
    }

    @Test
    void a_key_file_with_a_retired_key_opens_values_of_both_and_seals_with_the_first() throws Exception {
        String old = cipher().seal("a", "b", "c", "old value");
        Path file = dataDir.resolve("secrets.key");
        String oldKey = Files.readString(file).strip();
        byte[] fresh = new byte[32];
        fresh[31] = 7;
        Files.writeString(file, "# comment\n" + Base64.getEncoder().encodeToString(fresh) + "\n\n" + oldKey + "\n");

        var both = cipher();

        assertThat(both.open("a", "b", "c", old)).isEqualTo("old value");
        String sealed = both.seal("a", "b", "c", "new value");
        assertThat(SecretCipher.keyIdOf(sealed)).isNotEqualTo(SecretCipher.keyIdOf(old));
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\nnot-a-key\n");
        assertThatThrownBy(this::cipher)
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("(key 2) is not 32 bytes");
        Files.writeString(file, "# only a comment\n");
        assertThatThrownBy(this::cipher).isInstanceOf(StartupProblem.class).hasMessageContaining("is empty");
    }

    @Test
    void the_key_may_come_from_the_environment_instead_of_the_data_directory() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        var fromEnvironment = new SecretCipher(new SecretKeyRing(new DataDirectory(dataDir), key));

        String sealed = fromEnvironment.seal("a", "b", "c", "v");

        assertThat(dataDir.resolve("secrets.key")).doesNotExist();
        assertThat(new SecretCipher(new SecretKeyRing(new DataDirectory(dataDir), key)).open("a", "b", "c", sealed))
                .isEqualTo("v");
        assertThatThrownBy(() -> new SecretKeyRing(new DataDirectory(dataDir), "short"))
                .isInstanceOf(StartupProblem.class);
    }
}
