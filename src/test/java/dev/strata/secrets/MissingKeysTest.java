package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.DataDirectory;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.store.GitConfigStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost secrets key is named at start-up, with the values it sealed; the other values still open. */
class MissingKeysTest {

    static final Author ADMIN = new Author("Ada Admin", "admin@example.com");

    @Test
    void values_sealed_with_a_key_strata_does_not_hold_are_named_by_key(@TempDir Path dataDir, @TempDir Path otherDir) {
        AppName payments = new AppName("payments");
        EnvName dev = new EnvName("dev");
        SettingKey password = new SettingKey("DATABASE_PASSWORD");
        var secret = new KeySpec(KeyType.STRING, null, false, true, false, null, List.of());
        try (GitConfigStore store = GitConfigStore.open(dataDir)) {
            store.createApplication(
                    payments, new Schema("", List.of(), new TreeMap<>(Map.of(password, secret))), ADMIN, "Create");
            var lost = new SecretKeyRing(new DataDirectory(otherDir), "");
            var kept = new SecretKeyRing(new DataDirectory(dataDir), "");
            String sealedWithLost = new SecretCipher(lost).seal("payments", "dev", password.value(), "old-password");
            store.commit(new ChangeSet(
                    payments,
                    dev,
                    new TreeMap<>(Map.of(password, sealedWithLost, new SettingKey("LOG_LEVEL"), "INFO")),
                    new TreeSet<>(),
                    "Values",
                    ADMIN,
                    store.head()));

            assertThat(new MissingKeys(store, lost).find())
                    .as("the key that sealed it is held")
                    .isEmpty();
            assertThat(new MissingKeys(store, kept).find())
                    .containsExactly(Map.entry(lost.keyId(), List.of("payments/dev/DATABASE_PASSWORD")));

            String sealedWithKept = new SecretCipher(kept).seal("payments", "dev", password.value(), "new-password");
            store.commit(new ChangeSet(
                    payments,
                    dev,
                    new TreeMap<>(Map.of(password, sealedWithKept)),
                    new TreeSet<>(),
                    "New password",
                    ADMIN,
                    store.head()));
            assertThat(new MissingKeys(store, kept).find()).isEmpty();
        }
    }
}
