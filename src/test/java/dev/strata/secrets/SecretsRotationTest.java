package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ChangeRequestStore;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Pipeline;
import dev.strata.config.Proposal;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import dev.strata.store.GitConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation on a real repository in a temporary folder, with the key file of a real data directory. */
class SecretsRotationTest {

    static final Author ADMIN = new Author("Ada Admin", "admin@example.com");
    static final List<AppName> APPS = List.of(new AppName("payments"), new AppName("checkout"));
    static final List<EnvName> ENVS = List.of(new EnvName("dev"), new EnvName("staging"), new EnvName("production"));
    static final SettingKey PASSWORD = new SettingKey("DATABASE_PASSWORD");
    static final SettingKey API_KEY = new SettingKey("API_KEY");

    @TempDir
    Path dataDir;

    GitConfigStore store;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Schema schema() {
        var secret = new KeySpec(KeyType.STRING, null, false, true, true, null, List.of());
        return new Schema(
                "",
                List.of(),
                new TreeMap<>(Map.of(
                        PASSWORD, secret, API_KEY, secret, new SettingKey("LOG_LEVEL"), KeySpec.of(KeyType.STRING))));
    }

    private static String plaintext(AppName app, EnvName env, SettingKey key) {
        return "pw-" + app + "-" + env + "-" + key;
    }

    /** Every application in every environment with two secrets and one plain value, sealed with the ring's key. */
    private void seed(SecretKeyRing ring) {
        var secrets = new Secrets(new SecretCipher(ring));
        for (AppName app : APPS) {
            store.createApplication(app, schema(), ADMIN, "Create " + app);
            for (EnvName env : ENVS) {
                TreeMap<SettingKey, String> set = new TreeMap<>(Map.of(
                        PASSWORD,
                        plaintext(app, env, PASSWORD),
                        API_KEY,
                        plaintext(app, env, API_KEY),
                        new SettingKey("LOG_LEVEL"),
                        "INFO"));
                store.commit(new ChangeSet(
                        app, env, secrets.seal(app, env, schema(), set), new TreeSet<>(), "Seed", ADMIN, store.head()));
            }
        }
    }

    private SecretKeyRing ring(String fromEnvironment) {
        return new SecretKeyRing(new DataDirectory(dataDir), fromEnvironment);
    }

    private SecretsRotation rotation(ConfigStore on, SecretKeyRing ring) {
        return new SecretsRotation(on, store.changeRequests(), ring, new SecretCipher(ring));
    }

    /** Every secret at the head, opened with the keys a restarted Strata would read. */
    private void assertEveryValueOpens(SecretKeyRing ring) {
        var cipher = new SecretCipher(ring);
        ConfigSnapshot head = store.snapshot();
        for (AppName app : APPS) {
            for (EnvName env : ENVS) {
                for (SettingKey key : List.of(PASSWORD, API_KEY)) {
                    String stored = head.settings(app, env).get(key).orElseThrow();
                    assertThat(stored).startsWith("ENC[v1:");
                    assertThat(cipher.open(app.value(), env.value(), key.value(), stored))
                            .isEqualTo(plaintext(app, env, key));
                }
                assertThat(head.settings(app, env).get(new SettingKey("LOG_LEVEL")))
                        .contains("INFO");
            }
        }
    }

    private static List<String> sealedValues(ConfigSnapshot snapshot) {
        return snapshot.settings().values().stream()
                .flatMap(s -> s.values().values().stream())
                .filter(Secrecy::isSealed)
                .toList();
    }

    @Test
    void rotation_re_encrypts_every_secret_with_a_new_key_in_one_commit_and_keeps_every_value() throws Exception {
        SecretKeyRing ring = ring("");
        String oldKey = ring.keyId();
        seed(ring);
        Revision before = store.head();
        List<String> oldCiphertexts = sealedValues(store.snapshot());

        SecretsRotation.Rotation done = rotation(store, ring).rotate(ADMIN);

        assertThat(done.keyId()).isNotEqualTo(oldKey).isEqualTo(ring.keyId());
        assertThat(done.reencrypted()).isEqualTo(APPS.size() * ENVS.size() * 2);
        assertThat(done.unreadable()).isEmpty();
        assertThat(done.retiredKeyIds()).isEmpty();
        var latest = store.history(new HistoryQuery(null, null, null, null, null, null, 2, null))
                .entries();
        assertThat(latest.getFirst().revision()).isEqualTo(done.revision());
        assertThat(latest.getFirst().author()).isEqualTo(ADMIN);
        assertThat(latest.get(1).revision())
                .as("one commit on top of the old head")
                .isEqualTo(before);
        List<String> newCiphertexts = sealedValues(store.snapshot());
        assertThat(newCiphertexts)
                .hasSize(oldCiphertexts.size())
                .doesNotContainAnyElementsOf(oldCiphertexts)
                .allMatch(value -> value.startsWith("ENC[v1:" + done.keyId() + ":"));
        assertThat(Files.readAllLines(dataDir.resolve("secrets.key")).stream().filter(l -> !l.startsWith("#")))
                .as("the old key is dropped once the rotation is in")
                .hasSize(1);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertEveryValueOpens(ring(""));
        assertThatThrownBy(() ->
                        new SecretCipher(ring("")).open("payments", "dev", PASSWORD.value(), oldCiphertexts.getFirst()))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("encrypted with key " + oldKey);
    }

    @Test
    void an_open_change_request_proposing_a_secret_keeps_the_old_key_until_it_is_merged_or_closed() {
        SecretKeyRing ring = ring("");
        seed(ring);
        AppName payments = APPS.getFirst();
        EnvName production = ENVS.getLast();
        String sealed =
                new SecretCipher(ring).seal(payments.value(), production.value(), PASSWORD.value(), "proposed-pw");
        var about = new ChangeRequest.About(
                ChangeRequest.Kind.EDIT, payments, null, production, "New password", "", null, null);
        long id = store.changeRequests()
                .open(
                        about,
                        new Proposal(store.head(), new TreeMap<>(Map.of(PASSWORD, sealed)), new TreeSet<>()),
                        new Actor("ada", ADMIN))
                .id();

        SecretsRotation.Rotation done = rotation(store, ring).rotate(ADMIN);

        assertThat(done.unreadable()).singleElement().asString().startsWith("change request #" + id);
        assertThat(done.retiredKeyIds()).as("the proposal must still open").hasSize(1);
        assertThat(new SecretCipher(ring("")).open(payments.value(), production.value(), PASSWORD.value(), sealed))
                .isEqualTo("proposed-pw");

        store.changeRequests()
                .append(
                        id,
                        current -> ChangeRequestStore.Step.of(ChangeRequestEvent.Type.CLOSED, new Actor("ada", ADMIN)));
        assertThat(rotation(store, ring).rotate(ADMIN).retiredKeyIds())
                .as("closed: the old key goes")
                .isEmpty();
    }

    @Test
    void a_rotation_that_fails_before_its_commit_leaves_every_value_readable_and_can_be_run_again() throws Exception {
        SecretKeyRing ring = ring("");
        seed(ring);
        Revision before = store.head();
        ConfigStore failing = new FailingOnReplace(store);

        assertThatThrownBy(() -> rotation(failing, ring).rotate(ADMIN)).isInstanceOf(StoreException.class);

        assertThat(store.head()).isEqualTo(before);
        SecretKeyRing restarted = ring("");
        assertThat(restarted.retiredKeyIds())
                .as("the new key and the old one, both kept")
                .hasSize(1);
        assertEveryValueOpens(restarted);

        SecretsRotation.Rotation done = rotation(store, restarted).rotate(ADMIN);
        assertThat(done.reencrypted()).isEqualTo(APPS.size() * ENVS.size() * 2);
        assertEveryValueOpens(ring(""));
    }

    @Test
    void with_the_key_in_the_environment_rotation_re_encrypts_with_its_first_key_and_names_the_old_ones_to_remove() {
        String oldKey = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] fresh = new byte[32];
        fresh[0] = 1;
        String newKey = Base64.getEncoder().encodeToString(fresh);
        seed(ring(oldKey));
        SecretKeyRing both = ring(newKey + "," + oldKey);

        SecretsRotation.Rotation done = rotation(store, both).rotate(ADMIN);

        assertThat(done.keyId()).isEqualTo(ring(newKey).keyId());
        assertThat(done.retiredKeyIds()).containsExactly(ring(oldKey).keyId());
        assertThat(dataDir.resolve("secrets.key")).doesNotExist();
        assertEveryValueOpens(ring(newKey));
        assertThat(rotation(store, both).rotate(ADMIN).reencrypted())
                .as("nothing left to do")
                .isZero();
    }

    @Test
    void values_that_do_not_decrypt_are_left_as_they_are_and_named_while_the_others_rotate() {
        SecretKeyRing ring = ring("");
        seed(ring);
        AppName payments = APPS.getFirst();
        EnvName dev = ENVS.getFirst();
        store.replace(
                Map.of(),
                Map.of(
                        new AppEnv(payments, dev),
                        store.snapshot().settings(payments, dev).with(Map.of(PASSWORD, "ENC[v1:garbage]"), Set.of())),
                ADMIN,
                "Break one",
                store.head());

        SecretsRotation.Rotation done = rotation(store, ring).rotate(ADMIN);

        assertThat(done.unreadable()).containsExactly("payments/dev/DATABASE_PASSWORD");
        assertThat(done.reencrypted()).isEqualTo(APPS.size() * ENVS.size() * 2 - 1);
        assertThat(store.snapshot().settings(payments, dev).get(PASSWORD)).contains("ENC[v1:garbage]");
    }

    @Test
    void a_settings_file_that_cannot_be_read_keeps_the_old_key_so_that_it_opens_once_repaired(@TempDir Path clone)
            throws Exception {
        SecretKeyRing ring = ring("");
        seed(ring);
        String bare = dataDir.resolve("config.git").toString();
        run(clone.getParent(), "git", "clone", "-q", bare, clone.toString());
        Files.writeString(clone.resolve("environments/dev/checkout.yaml"), "DATABASE_PASSWORD: [unclosed\n");
        run(
                clone,
                "git",
                "-c",
                "user.name=Hand",
                "-c",
                "user.email=hand@example.com",
                "commit",
                "-qam",
                "Break by hand");
        run(clone, "git", "push", "-q", "origin", "main");

        SecretsRotation.Rotation done = rotation(store, ring).rotate(ADMIN);

        assertThat(done.unreadable()).singleElement().asString().startsWith("environments/dev/checkout.yaml");
        assertThat(done.retiredKeyIds()).hasSize(1);
        assertThat(ring("").retiredKeyIds()).as("kept in the key file too").hasSize(1);
    }

    private static void run(Path dir, String... command) throws Exception {
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(out).isZero();
    }

    @Test
    void commits_racing_a_rotation_lose_nothing_and_leave_no_value_under_the_old_key() throws Exception {
        SecretKeyRing ring = ring("");
        seed(ring);
        var secrets = new Secrets(new SecretCipher(ring));
        AppName payments = APPS.getFirst();
        EnvName dev = ENVS.getFirst();
        var writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            for (int i = 0; i < 40; i++) {
                TreeMap<SettingKey, String> set = new TreeMap<>(Map.of(PASSWORD, "racing-" + i));
                while (true) {
                    try {
                        store.commit(new ChangeSet(
                                payments,
                                dev,
                                secrets.seal(payments, dev, schema(), set),
                                new TreeSet<>(),
                                "Race " + i,
                                ADMIN,
                                store.head()));
                        break;
                    } catch (ConflictException e) {
                        // the rotation re-encrypted this key meanwhile: write it again on the new head
                    }
                }
            }
        });

        SecretsRotation.Rotation done = rotation(store, ring).rotate(ADMIN);
        writes.get(60, TimeUnit.SECONDS);
        writer.shutdown();

        var cipher = new SecretCipher(ring(""));
        assertThat(cipher.open(
                        "payments",
                        "dev",
                        PASSWORD.value(),
                        store.snapshot().settings(payments, dev).get(PASSWORD).orElseThrow()))
                .isEqualTo("racing-39");
        assertThat(sealedValues(store.snapshot())).allMatch(value -> value.startsWith("ENC[v1:" + done.keyId() + ":"));
        assertThat(ring("").retiredKeyIds()).isEmpty();
    }

    /** A store whose disk fills up at the moment a rotation commits. */
    private record FailingOnReplace(ConfigStore delegate) implements ConfigStore {
        @Override
        public Revision head() {
            return delegate.head();
        }

        @Override
        public void whenRefsMove(Runnable listener) {
            delegate.whenRefsMove(listener);
        }

        @Override
        public ConfigSnapshot snapshot() {
            return delegate.snapshot();
        }

        @Override
        public ConfigSnapshot snapshot(Revision revision) {
            return delegate.snapshot(revision);
        }

        @Override
        public CommitResult commit(ChangeSet changes) {
            return delegate.commit(changes);
        }

        @Override
        public Revision createApplication(AppName app, Schema schema, Author author, String message) {
            return delegate.createApplication(app, schema, author, message);
        }

        @Override
        public Revision saveSchema(AppName app, Schema schema, Author author, String message, Revision base) {
            return delegate.saveSchema(app, schema, author, message, base);
        }

        @Override
        public Revision savePipeline(Pipeline pipeline, Author author, String message, Revision base) {
            return delegate.savePipeline(pipeline, author, message, base);
        }

        @Override
        public Revision restoreSettingsFile(AppEnv target, Revision revision, Author author, String message) {
            return delegate.restoreSettingsFile(target, revision, author, message);
        }

        @Override
        public Revision replace(
                Map<AppName, Schema> schemas,
                Map<AppEnv, Settings> settings,
                Author author,
                String message,
                Revision base) {
            throw new StoreException("No space left on device");
        }
    }
}
