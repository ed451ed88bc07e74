package dev.strata.store;

import static dev.strata.store.GitConfigStoreTest.ALICE;
import static dev.strata.store.GitConfigStoreTest.BOB;
import static dev.strata.store.GitConfigStoreTest.DEV;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS;
import static dev.strata.store.GitConfigStoreTest.PAYMENTS_SCHEMA;
import static dev.strata.store.GitConfigStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.config.AppName;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.EnvName;
import dev.strata.config.Pipeline;
import dev.strata.config.ReadError;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading what others wrote: logic only, so on an in-memory repository. */
class ReadingTest {

    private Repository repository;
    private GitConfigStore store;

    @BeforeEach
    void open() throws IOException {
        repository = new InMemoryRepository(new DfsRepositoryDescription("test"));
        store = GitConfigStore.initialise(repository);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Commits files the way a person with plain Git access could: nothing checks them, not even their size. */
    private Revision push(Map<String, byte[]> files) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                ObjectInserter inserter = repository.newObjectInserter()) {
            RevCommit head =
                    walk.parseCommit(repository.exactRef(RepositoryLayout.MAIN).getObjectId());
            DirCache index = DirCache.read(walk.getObjectReader(), head.getTree());
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(head);
            commit.setAuthor(new PersonIdent("Carol", "carol@example.com"));
            commit.setCommitter(new PersonIdent("Carol", "carol@example.com"));
            commit.setMessage("By hand\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(RepositoryLayout.MAIN);
            update.setExpectedOldObjectId(head);
            update.setNewObjectId(id);
            assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return new Revision(id.name());
        }
    }

    private static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void a_malformed_settings_file_is_an_error_for_that_app_and_env_only() throws IOException {
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
        push(files(
                "environments/dev/payments.yaml",
                "a: [1\n",
                "environments/staging/payments.yaml",
                "a: 1\n",
                "environments/dev/orders.yaml",
                "b: 2\n"));

        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.error(PAYMENTS, DEV))
                .get()
                .extracting(ReadError::message)
                .asString()
                .startsWith("environments/dev/payments.yaml is not valid YAML");
        assertThat(snapshot.settings(PAYMENTS, DEV).isEmpty()).isTrue();
        assertThat(snapshot.settings(PAYMENTS, new EnvName("staging")).get(new SettingKey("a")))
                .contains("1");
        assertThat(snapshot.settings(new AppName("orders"), DEV).get(new SettingKey("b")))
                .contains("2");
        assertThat(snapshot.application(new AppName("orders")).orElseThrow().schema())
                .isEqualTo(Schema.EMPTY);
        assertThat(snapshot.errors()).hasSize(1);
    }

    @Test
    void a_commit_to_an_unreadable_file_is_refused_rather_than_overwriting_it() throws IOException {
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
        Revision head = push(files("environments/dev/payments.yaml", "a: &x 1\nb: *x\n"));
        assertThatThrownBy(() -> store.commit(set(head, BOB, "Change", "c", "3")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("repair the file through Git first")
                .hasMessageContaining("alias");
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void a_50_MB_file_in_the_repository_is_an_error_for_its_app_and_env_naming_the_limit() throws IOException {
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
        byte[] huge = new byte[50 * 1024 * 1024];
        Arrays.fill(huge, (byte) '#');
        push(Map.of("environments/dev/payments.yaml", huge));
        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.error(PAYMENTS, DEV))
                .get()
                .extracting(ReadError::message)
                .asString()
                .isEqualTo("environments/dev/payments.yaml is 52428800 bytes; at most 4194304 are read");
    }

    @Test
    void files_with_names_that_break_the_rules_are_reported_and_other_files_ignored() throws IOException {
        push(files(
                "environments/dev/Payments.yaml",
                "a: 1\n",
                "environments/Dev/x.yaml",
                "a: 1\n",
                "README.md",
                "# notes\n",
                "environments/dev/notes.txt",
                "x",
                "schemas/sub/dir.yaml",
                "a: 1\n"));
        assertThat(store.snapshot().errors())
                .extracting(ReadError::path)
                .containsExactly("environments/Dev/x.yaml", "environments/dev/Payments.yaml");
        assertThat(store.snapshot().errors().getFirst().message()).contains("naming rule", "'D' (U+0044)");
        assertThat(store.snapshot().applications()).isEmpty();
    }

    @Test
    void an_unreadable_pipeline_or_schema_is_reported_and_the_rest_keeps_working() throws IOException {
        push(files(
                "strata.yaml",
                "environments: [{name: dev, protected: maybe}]\n",
                "schemas/payments.yaml",
                "keys:\n  server.port: {type: integer}\n",
                "environments/dev/payments.yaml",
                "server.port: 1\n"));
        ConfigSnapshot snapshot = store.snapshot();
        assertThat(snapshot.pipeline()).isEqualTo(Pipeline.DEFAULT);
        assertThat(snapshot.errors())
                .extracting(ReadError::message)
                .containsExactly(
                        "schemas/payments.yaml declares the key server.port badly: unknown type 'integer'; use one of string, int, number, bool, url, duration, enum, json",
                        "strata.yaml protected must be true or false");
        assertThat(snapshot.settings(PAYMENTS, DEV).get(new SettingKey("server.port")))
                .contains("1");
    }

    @Test
    void a_pipeline_written_by_hand_is_read_in_order() throws IOException {
        push(files("strata.yaml", """
                environments:
                  - name: dev
                  - name: qa
                  - name: prod
                    protected: true
                    requiredApprovals: 3
                """));
        Pipeline pipeline = store.snapshot().pipeline();
        assertThat(pipeline.names()).extracting(EnvName::value).containsExactly("dev", "qa", "prod");
        assertThat(pipeline.policy(new EnvName("prod")).orElseThrow().requiredApprovals())
                .isEqualTo(3);
    }

    @Test
    void files_removed_by_hand_disappear_from_the_next_snapshot() throws IOException {
        store.createApplication(PAYMENTS, PAYMENTS_SCHEMA, ALICE, "Create");
        Revision withFile = push(files("environments/dev/payments.yaml", "a: 1\n"));
        assertThat(store.snapshot().settings(PAYMENTS, DEV).isEmpty()).isFalse();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head =
                    walk.parseCommit(repository.exactRef(RepositoryLayout.MAIN).getObjectId());
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            try (ObjectInserter inserter = repository.newObjectInserter();
                    ObjectReader reader = inserter.newReader()) {
                builder.addTree(new byte[0], 0, reader, head.getTree());
                builder.finish();
                DirCacheEditor editor = index.editor();
                editor.add(new DirCacheEditor.DeletePath("environments/dev/payments.yaml"));
                editor.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                commit.setParentId(head);
                commit.setAuthor(GitConfigStore.serviceIdentity());
                commit.setCommitter(GitConfigStore.serviceIdentity());
                commit.setMessage("Remove");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repository.updateRef(RepositoryLayout.MAIN);
                update.setNewObjectId(id);
                update.setExpectedOldObjectId(head);
                update.update();
            }
        }
        assertThat(store.snapshot().settings(PAYMENTS, DEV).isEmpty()).isTrue();
        assertThat(store.snapshot(withFile).settings(PAYMENTS, DEV).isEmpty()).isFalse();
    }
}
