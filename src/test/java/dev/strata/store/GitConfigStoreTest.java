package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StartupProblem;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.KeyConflict;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.NotFoundException;
import dev.strata.config.Pipeline;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitConfigStoreTest {

    static final AppName PAYMENTS = new AppName("payments");
    static final EnvName DEV = new EnvName("dev");
    static final Author ALICE = new Author("Alice Liddell", "alice@example.com");
    static final Author BOB = new Author("Bob Builder", "bob@example.com");
    static final Schema PAYMENTS_SCHEMA = new Schema(
            "Payment service",
            List.of("team-payments"),
            new TreeMap<>(Map.of(
                    new SettingKey("server.port"),
                            new KeySpec(KeyType.INT, "8080", false, false, false, "HTTP port", List.of()),
                    new SettingKey("LOG_LEVEL"),
                            new KeySpec(
                                    KeyType.ENUM,
                                    "INFO",
                                    false,
                                    false,
                                    false,
                                    null,
                                    List.of("DEBUG", "INFO", "WARN", "ERROR")))));

    @TempDir
    Path dataDir;

    private GitConfigStore store;

    @BeforeEach
    void open() {
        store = GitConfigStore.open(dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ChangeSet set(Revision base, Author author, String message, String... keyValues) {
        TreeMap<SettingKey, String> set = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            set.put(new SettingKey(keyValues[i]), keyValues[i + 1]);
        }
        return new ChangeSet(PAYMENTS, DEV, set, new TreeSet<>(), message, author, base);
    }

    private Revision createPayments() {
        return store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create payments");
    }

    private String fileAt(Revision revision, String path) throws IOException {
        try (Repository repository = bare();
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(revision.id()));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                return tree == null
                        ? null
                        : new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private RevCommit commitAt(Revision revision) throws IOException {
        try (Repository repository = bare();
                RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(ObjectId.fromString(revision.id()));
        }
    }

    private Repository bare() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("config.git").toFile())
                .setMustExist(true)
                .build();
    }

    @Test
    void a_new_data_directory_gets_a_bare_repository_on_main_with_the_default_pipeline() throws IOException {
        try (Repository repository = bare()) {
            assertThat(repository.isBare()).isTrue();
            assertThat(repository.exactRef(Constants.HEAD).getTarget().getName())
                    .isEqualTo("refs/heads/main");
            assertThat(repository.getConfig().getString("core", null, "fsync")).isEqualTo("committed,derived-metadata");
            assertThat(repository.getConfig().getBoolean("core", "fsyncRefFiles", false))
                    .isTrue();
            assertThat(repository.getConfig().getBoolean("core", "fsyncObjectFiles", false))
                    .as("JGit fsyncs loose objects through its own, in-memory configuration")
                    .isTrue();
            assertThat(Files.readString(dataDir.resolve("config.git/config")))
                    .as("plain git warns that core.fsyncObjectFiles is deprecated")
                    .doesNotContain("fsyncObjectFiles");
            assertThat(repository.getConfig().getInt("gc", "auto", -1)).isZero();
        }
        RevCommit first = commitAt(store.head());
        assertThat(first.getAuthorIdent().toExternalString()).startsWith("Strata <strata@localhost>");
        assertThat(first.getCommitterIdent().getEmailAddress()).isEqualTo("strata@localhost");
        assertThat(first.getParentCount()).isZero();
        assertThat(fileAt(store.head(), "strata.yaml")).contains("- name: staging", "requiredApprovals: 2");
        assertThat(store.snapshot().pipeline()).isEqualTo(Pipeline.DEFAULT);
        assertThat(store.snapshot().errors()).isEmpty();
    }

    @Test
    void an_existing_repository_is_opened_as_it_is() {
        Revision created = createPayments();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.head()).isEqualTo(created);
        assertThat(store.snapshot().application(PAYMENTS)).isPresent();
    }

    @Test
    void a_repository_configured_by_an_earlier_strata_loses_the_setting_git_warns_about() throws IOException {
        store.close();
        try (Repository repository = bare()) {
            repository.getConfig().setBoolean("core", null, "fsyncObjectFiles", true);
            repository.getConfig().save();
        }
        store = GitConfigStore.open(dataDir);
        String config = Files.readString(dataDir.resolve("config.git/config"));
        assertThat(config).doesNotContain("fsyncObjectFiles").contains("fsync = committed,derived-metadata");
    }

    @Test
    void a_settings_file_of_megabytes_is_committed_and_read_back_whole() {
        Revision base = createPayments();
        String[] keyValues = new String[80];
        for (int i = 0; i < 40; i++) {
            keyValues[2 * i] = "BIG_" + i;
            keyValues[2 * i + 1] = ("value " + i + " ").repeat(10_000).substring(0, 60_000 + i);
        }
        Revision head = store.commit(set(base, BOB, "Large values", keyValues)).revision();
        Settings written = store.snapshot().settings(PAYMENTS, DEV);
        store.close();
        store = GitConfigStore.open(dataDir);
        Settings read = store.snapshot(head).settings(PAYMENTS, DEV);
        assertThat(read).isEqualTo(written);
        assertThat(read.get(new SettingKey("BIG_39")))
                .get()
                .asString()
                .hasSize(60_039)
                .startsWith("value 39 ");
    }

    @Test
    void a_data_directory_that_is_a_file_fails_with_one_clear_message(@TempDir Path other) throws IOException {
        Path file = Files.writeString(other.resolve("data"), "not a directory");
        assertThatThrownBy(() -> GitConfigStore.open(file))
                .isInstanceOf(StartupProblem.class)
                .hasMessage("The data directory " + file + " is a file, not a directory.");
    }

    @Test
    void a_repository_path_that_is_a_file_fails_with_one_clear_message(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve("config.git"), "oops");
        assertThatThrownBy(() -> GitConfigStore.open(other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("config.git is a file, not a directory");
    }

    @Test
    void a_repository_without_a_main_branch_is_refused_and_left_unlocked(@TempDir Path other) throws Exception {
        Path gitDir = other.resolve("config.git");
        Git.init()
                .setBare(true)
                .setGitDir(gitDir.toFile())
                .setInitialBranch("trunk")
                .call()
                .close();
        assertThatThrownBy(() -> GitConfigStore.open(other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has no branch main");
        try (FileChannel channel = FileChannel.open(other.resolve(StaleLocks.INSTANCE_FILE), StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void creating_an_application_writes_its_schema_authored_by_the_person() throws IOException {
        Revision revision = createPayments();
        RevCommit commit = commitAt(revision);
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("Alice Liddell");
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(commit.getCommitterIdent().getName()).isEqualTo("Strata");
        assertThat(commit.getFullMessage()).isEqualTo("Create payments\n");
        assertThat(fileAt(revision, "schemas/payments.yaml")).isEqualTo("""
                description: Payment service
                owners:
                  - team-payments
                keys:
                  LOG_LEVEL:
                    type: enum
                    default: INFO
                    values:
                      - DEBUG
                      - INFO
                      - WARN
                      - ERROR
                  server.port:
                    type: int
                    default: 8080
                    description: HTTP port
                """);
        assertThat(store.snapshot().application(PAYMENTS).orElseThrow().schema())
                .isEqualTo(PAYMENTS_SCHEMA);
    }

    @Test
    void creating_an_existing_application_is_refused() {
        createPayments();
        assertThatThrownBy(this::createPayments)
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("application payments already exists");
    }

    @Test
    void a_commit_writes_canonical_yaml_authored_by_the_person_and_committed_by_strata() throws IOException {
        Revision base = createPayments();
        CommitResult result = store.commit(set(
                base,
                BOB,
                "Point dev at the new database\n\nTicket PAY-12",
                "server.port",
                "9090",
                "DATABASE_URL",
                "jdbc:postgresql://db.dev:5432/payments",
                "GREETING",
                "hello: world",
                "EMPTY",
                "",
                "FLAG",
                "true",
                "NULLISH",
                "null"));

        assertThat(result.rebased()).isFalse();
        assertThat(result.changedByOthers()).isEmpty();
        assertThat(fileAt(result.revision(), "environments/dev/payments.yaml")).isEqualTo("""
                DATABASE_URL: jdbc:postgresql://db.dev:5432/payments
                EMPTY: ""
                FLAG: "true"
                GREETING: "hello: world"
                NULLISH: "null"
                server.port: 9090
                """);
        RevCommit commit = commitAt(result.revision());
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("Bob Builder");
        assertThat(commit.getCommitterIdent().getName()).isEqualTo("Strata");
        assertThat(commit.getFullMessage()).isEqualTo("Point dev at the new database\n\nTicket PAY-12\n");
        assertThat(commit.getParent(0).name()).isEqualTo(base.id());
        assertThat(store.head()).isEqualTo(result.revision());
        assertThat(store.snapshot().settings(PAYMENTS, DEV).values())
                .containsEntry(new SettingKey("NULLISH"), "null")
                .containsEntry(new SettingKey("EMPTY"), "")
                .hasSize(6);
    }

    @Test
    void those_who_follow_the_refs_hear_of_each_commit_before_it_returns() {
        Revision base = createPayments();
        var heads = new java.util.ArrayList<Revision>();
        store.whenRefsMove(() -> heads.add(store.head()));

        Revision committed =
                store.commit(set(base, BOB, "Port", "server.port", "9090")).revision();

        assertThat(heads).contains(committed);
    }

    @Test
    void what_a_commit_caches_equals_what_a_fresh_read_of_the_repository_gives() {
        Revision base = createPayments();
        Revision head = store.commit(
                        set(base, BOB, "Values", "A", "x # not a comment", "B", "multi\nline", "C", " padded "))
                .revision();
        ConfigSnapshot cached = store.snapshot();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.snapshot(head)).isEqualTo(cached);
    }

    @Test
    void unsetting_keys_removes_them_and_unsetting_everything_leaves_an_empty_map() throws IOException {
        Revision base = store.commit(set(createPayments(), ALICE, "Set", "A", "1", "B", "2"))
                .revision();
        ChangeSet unset = new ChangeSet(
                PAYMENTS,
                DEV,
                new TreeMap<>(),
                new TreeSet<>(Set.of(new SettingKey("A"), new SettingKey("B"))),
                "Remove both",
                ALICE,
                base);
        Revision head = store.commit(unset).revision();
        assertThat(fileAt(head, "environments/dev/payments.yaml")).isEqualTo("{}\n");
        assertThat(store.snapshot().settings(PAYMENTS, DEV).isEmpty()).isTrue();
    }

    @Test
    void a_commit_on_a_moved_branch_that_touches_other_keys_is_rebased_onto_it() throws IOException {
        Revision base = createPayments();
        Revision alices =
                store.commit(set(base, ALICE, "Alice's change", "A", "alice")).revision();
        CommitResult bobs = store.commit(set(base, BOB, "Bob's change", "B", "bob"));

        assertThat(bobs.rebased()).isTrue();
        assertThat(bobs.changedByOthers()).containsExactly(new SettingKey("A"));
        assertThat(commitAt(bobs.revision()).getParent(0).name()).isEqualTo(alices.id());
        assertThat(fileAt(bobs.revision(), "environments/dev/payments.yaml")).isEqualTo("A: alice\nB: bob\n");
    }

    @Test
    void a_commit_racing_a_commit_on_the_same_key_is_refused_with_the_key_named() {
        Revision base = store.commit(set(createPayments(), ALICE, "First", "server.port", "8081", "A", "a"))
                .revision();
        Revision alices = store.commit(set(base, ALICE, "Alice's port", "server.port", "8082"))
                .revision();

        assertThatThrownBy(() -> store.commit(set(base, BOB, "Bob's port", "server.port", "8083", "B", "b")))
                .isInstanceOfSatisfying(ConflictException.class, conflict -> {
                    assertThat(conflict.conflicts())
                            .containsExactly(new KeyConflict(new SettingKey("server.port"), "8081", "8082", "8083"));
                    assertThat(conflict.current()).isEqualTo(alices);
                    assertThat(conflict.getMessage()).contains("server.port").doesNotContain("8083");
                });
        assertThat(store.head()).isEqualTo(alices);
        assertThat(store.snapshot().settings(PAYMENTS, DEV).get(new SettingKey("B")))
                .isEmpty();
    }

    @Test
    void unsetting_a_key_someone_else_changed_is_a_conflict_too() {
        Revision base =
                store.commit(set(createPayments(), ALICE, "First", "A", "1")).revision();
        store.commit(set(base, ALICE, "Change", "A", "2"));
        ChangeSet unset = new ChangeSet(
                PAYMENTS, DEV, new TreeMap<>(), new TreeSet<>(Set.of(new SettingKey("A"))), "Remove", BOB, base);
        assertThatThrownBy(() -> store.commit(unset))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.conflicts())
                                .containsExactly(new KeyConflict(new SettingKey("A"), "1", "2", null)));
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_with_the_key_named_and_nothing_committed() {
        Revision base = createPayments();
        assertThatThrownBy(() -> store.commit(set(base, ALICE, "Bad", "server.port", "eighty", "LOG_LEVEL", "LOUD")))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::subject)
                                .containsExactly("LOG_LEVEL", "server.port"));
        assertThat(store.head()).isEqualTo(base);
    }

    @Test
    void a_commit_to_an_unknown_application_environment_or_base_is_refused() {
        Revision base = store.head();
        assertThatThrownBy(() -> store.commit(set(base, ALICE, "x", "A", "1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("application payments does not exist; create it first");
        createPayments();
        ChangeSet qa = new ChangeSet(
                PAYMENTS,
                new EnvName("qa"),
                new TreeMap<>(Map.of(new SettingKey("A"), "1")),
                new TreeSet<>(),
                "x",
                ALICE,
                store.head());
        assertThatThrownBy(() -> store.commit(qa))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("environment qa is not in strata.yaml");
        Revision unknown = new Revision("0123456789abcdef0123456789abcdef01234567");
        assertThatThrownBy(() -> store.commit(set(unknown, ALICE, "x", "A", "1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("0123456789abcdef0123456789abcdef01234567 is not a commit");
    }

    @Test
    void a_change_that_changes_nothing_creates_no_commit() {
        Revision head =
                store.commit(set(createPayments(), ALICE, "Set", "A", "1")).revision();
        CommitResult again = store.commit(set(head, ALICE, "Set again", "A", "1"));
        assertThat(again.revision()).isEqualTo(head);
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void snapshots_are_cached_by_commit_and_past_revisions_stay_readable() {
        Revision first =
                store.commit(set(createPayments(), ALICE, "One", "A", "1")).revision();
        store.commit(set(first, ALICE, "Two", "A", "2"));
        assertThat(store.snapshot()).isSameAs(store.snapshot());
        assertThat(store.snapshot(first).settings(PAYMENTS, DEV).get(new SettingKey("A")))
                .contains("1");
        assertThat(store.snapshot().settings(PAYMENTS, DEV).get(new SettingKey("A")))
                .contains("2");
        assertThat(store.snapshot().effectiveSettings(PAYMENTS, DEV).values())
                .containsEntry(new SettingKey("server.port"), "8080");
        assertThatThrownBy(() -> store.snapshot(new Revision("0123456789abcdef0123456789abcdef01234567")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void saving_a_schema_based_on_an_old_revision_that_someone_changed_is_a_conflict() {
        Revision base = createPayments();
        Schema v2 = new Schema("Payments v2", List.of(), new TreeMap<>());
        Revision saved = store.saveSchema(PAYMENTS, v2, ALICE, "Describe", base);
        assertThat(store.snapshot().application(PAYMENTS).orElseThrow().schema().description())
                .isEqualTo("Payments v2");
        assertThatThrownBy(() -> store.saveSchema(PAYMENTS, PAYMENTS_SCHEMA, BOB, "Revert", base))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("schema of payments");
        Revision other = store.commit(set(saved, BOB, "Unrelated", "A", "1")).revision();
        assertThat(store.saveSchema(PAYMENTS, PAYMENTS_SCHEMA, BOB, "Back", saved))
                .isNotEqualTo(other);
        assertThatThrownBy(() -> store.saveSchema(new AppName("nope"), v2, BOB, "x", store.head()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void policies_are_saved_to_strata_yaml_as_a_commit_by_their_author_and_a_stale_base_is_a_conflict()
            throws IOException {
        Revision base = createPayments();
        Pipeline stricter = new Pipeline(List.of(
                new EnvironmentPolicy(DEV, false, 0),
                new EnvironmentPolicy(new EnvName("staging"), true, 2),
                new EnvironmentPolicy(new EnvName("production"), true, 3, true)));

        Revision saved = store.savePipeline(stricter, ALICE, "Two approvals for staging", base);

        assertThat(fileAt(saved, "strata.yaml")).isEqualTo("""
                environments:
                  - name: dev
                  - name: staging
                    protected: true
                    requiredApprovals: 2
                  - name: production
                    protected: true
                    requiredApprovals: 3
                    requireOwnerApproval: true
                """);
        assertThat(store.snapshot().pipeline()).isEqualTo(stricter);
        assertThat(commitAt(saved).getAuthorIdent().getEmailAddress()).isEqualTo(ALICE.email());
        assertThat(commitAt(saved).getShortMessage()).isEqualTo("Two approvals for staging");
        assertThatThrownBy(() -> store.savePipeline(Pipeline.DEFAULT, BOB, "Back", base))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("strata.yaml");
        Revision other = store.commit(set(saved, BOB, "Unrelated", "A", "1")).revision();
        assertThat(store.savePipeline(Pipeline.DEFAULT, BOB, "Back to the defaults", saved))
                .isNotEqualTo(other);
        assertThat(store.snapshot().pipeline()).isEqualTo(Pipeline.DEFAULT);
    }

    @Test
    void replacing_a_schema_and_settings_files_is_one_commit_that_a_fresh_read_agrees_with() throws IOException {
        Revision base = store.commit(set(createPayments(), ALICE, "Values", "A", "1", "B", "2"))
                .revision();
        EnvName staging = new EnvName("staging");
        Schema described = new Schema("Payments, described", List.of(), PAYMENTS_SCHEMA.keys());

        Revision replaced = store.replace(
                Map.of(PAYMENTS, described),
                Map.of(
                        new AppEnv(PAYMENTS, DEV), Settings.of(Map.of("A", "one")),
                        new AppEnv(PAYMENTS, staging), Settings.of(Map.of("C", "3"))),
                BOB,
                "Replace files",
                base);

        assertThat(commitAt(replaced).getParent(0).name()).isEqualTo(base.id());
        assertThat(commitAt(replaced).getAuthorIdent().getName()).isEqualTo("Bob Builder");
        assertThat(fileAt(replaced, "environments/dev/payments.yaml")).isEqualTo("A: one\n");
        assertThat(fileAt(replaced, "environments/staging/payments.yaml"))
                .isEqualTo("C: \"3\"\n"); // no schema entry: text, quoted as YAML would read a number
        assertThat(fileAt(replaced, "schemas/payments.yaml")).contains("Payments, described");
        ConfigSnapshot cached = store.snapshot();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.snapshot(replaced)).isEqualTo(cached);
    }

    @Test
    void replacing_files_someone_changed_since_the_base_is_a_conflict_and_writes_nothing() {
        Revision base = createPayments();
        Revision theirs = store.commit(set(base, ALICE, "Theirs", "A", "1")).revision();

        assertThatThrownBy(() -> store.replace(
                        Map.of(), Map.of(new AppEnv(PAYMENTS, DEV), Settings.of(Map.of("A", "2"))), BOB, "Mine", base))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("environments/dev/payments.yaml");
        assertThat(store.head()).isEqualTo(theirs);
        assertThat(store.replace(
                        Map.of(),
                        Map.of(new AppEnv(PAYMENTS, new EnvName("staging")), Settings.of(Map.of("A", "2"))),
                        BOB,
                        "Untouched by them",
                        base))
                .as("another file is no conflict")
                .isNotEqualTo(theirs);
        assertThatThrownBy(() -> store.replace(
                        Map.of(),
                        Map.of(new AppEnv(PAYMENTS, new EnvName("qa")), Settings.EMPTY),
                        BOB,
                        "Unknown environment",
                        store.head()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.replace(
                        Map.of(new AppName("nope"), PAYMENTS_SCHEMA),
                        Map.of(),
                        BOB,
                        "Unknown application",
                        store.head()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_message_is_required_for_every_write() {
        assertThatThrownBy(() -> store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, ""))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("message");
    }

    @Test
    void settings_file_contents_survive_a_round_trip_through_the_repository() {
        Revision head = createPayments();
        Map<String, String> values = new TreeMap<>();
        String[] tricky = {
            "",
            " ",
            "~",
            "null",
            "NULL",
            "true",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "0x1F",
            "1_000",
            "08",
            "1e3",
            ".inf",
            "-.inf",
            ".nan",
            "- item",
            "-",
            "?",
            "? x",
            ": x",
            "a: b",
            "a #b",
            "#c",
            "&anchor",
            "*alias",
            "!tag",
            "!!str",
            "|",
            ">",
            "'q",
            "\"q",
            "{a}",
            "[1]",
            "%x",
            "@x",
            "`x",
            "x:",
            "tab\there",
            "multi\nline",
            "cr\rlf",
            "crlf\r\n",
            " lead",
            "trail ",
            "\u0085nel",
            "\u2028ls",
            "\uFEFFbom",
            "é ü 日本 😀",
            "back\\slash",
            "x ENC[v1:abc=]",
            "jdbc:postgresql://db:5432/p?ssl=true&x=1",
            "--- ",
            "...",
            "=",
            "<<",
            "2001-12-14",
            "12:30",
            "0o17",
            "+12",
            "\u0007bell",
            "\u007Fdel"
        };
        for (int i = 0; i < tricky.length; i++) {
            values.put("K" + i, tricky[i]);
        }
        Settings expected = Settings.of(values);
        TreeMap<SettingKey, String> set = new TreeMap<>(expected.values());
        Revision written = store.commit(
                        new ChangeSet(PAYMENTS, DEV, set, new TreeSet<>(), "Tricky values", ALICE, head))
                .revision();
        store.close();
        store = GitConfigStore.open(dataDir);
        assertThat(store.snapshot(written).settings(PAYMENTS, DEV)).isEqualTo(expected);
        assertThat(store.snapshot(written).errors()).isEmpty();
    }
}
