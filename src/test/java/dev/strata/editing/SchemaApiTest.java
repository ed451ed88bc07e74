package dev.strata.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiClient;
import dev.strata.ApiClient.Answer;
import dev.strata.ApiTest;
import dev.strata.DemoCopies;
import dev.strata.config.ConfigStore;
import dev.strata.config.Secrecy;
import dev.strata.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Editing a schema through the API, and marking a key with values secret. Each test edits a copy of the
 * demo's payments of its own ({@link DemoCopies}), so the classes sharing its Strata see the demo's.
 */
@ApiTest
class SchemaApiTest {

    @Value("${strata.data-dir}")
    Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    ConfigStore store;

    @Autowired
    Secrets secrets;

    ApiClient api;

    /** This test's copy of the demo's payments. */
    String payments;

    String schemaPath;

    @BeforeEach
    void clientAndCopy() {
        api = new ApiClient(port);
        payments = new DemoCopies(store, secrets).copy("payments").value();
        schemaPath = "/api/v1/apps/" + payments + "/schema";
    }

    /** The schema as read, made editable, with {@code baseRevision} set from it. */
    private ObjectNode editable() {
        JsonNode read = api.get(schemaPath, "admin").json();
        ObjectNode body = (ObjectNode) JsonMapper.builder().build().readTree(read.toString());
        body.put("baseRevision", read.get("revision").asString());
        body.remove("revision");
        return body;
    }

    private String git(String... args) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of(
                "git", "--git-dir", dataDir.resolve("config.git").toString()));
        command.addAll(java.util.List.of(args));
        var process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    @Test
    void marking_a_key_secret_seals_its_values_in_every_environment_in_the_commit_of_the_schema() throws Exception {
        String before = git("rev-parse", "main").strip();
        ObjectNode body = editable();
        ((ObjectNode) body.get("keys").get("DATABASE_URL")).put("secret", true);

        Answer saved = api.send("PUT", schemaPath, "admin", body);

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().get("markedSecret").toString()).isEqualTo("[\"DATABASE_URL\"]");
        assertThat(saved.json().get("sealed").asInt()).isEqualTo(3);
        assertThat(saved.json().get("warning").asString())
                .contains("remain in plaintext in the Git history")
                .contains("git filter-repo")
                .contains("rotate the credentials");
        assertThat(git("rev-parse", "main^").strip()).as("one commit").isEqualTo(before);
        assertThat(git("show", "--format=%an|%s", "--name-only", "main")).isEqualTo("""
                Strata Admin|Edit the schema of payments: mark DATABASE_URL secret

                environments/dev/payments.yaml
                environments/production/payments.yaml
                environments/staging/payments.yaml
                schemas/payments.yaml
                """.replace(
                        "Strata Admin", git("log", "-1", "--format=%an", "main").strip())
                .replace("payments", payments));
        for (String env : new String[] {"dev", "staging", "production"}) {
            String file = git("show", "main:environments/" + env + "/" + payments + ".yaml");
            assertThat(file).contains("DATABASE_URL: ENC[v1:").doesNotContain("jdbc:postgresql");
            assertThat(api.get("/api/v1/apps/" + payments + "/envs/" + env + "/settings", "bob")
                            .json()
                            .get("settings")
                            .get("DATABASE_URL")
                            .asString())
                    .isEqualTo(Secrecy.MASK);
        }
        assertThat(api.get("/api/v1/apps/" + payments + "/envs/dev/settings?reveal=true", "carol")
                        .json()
                        .get("settings")
                        .get("DATABASE_URL")
                        .asString())
                .isEqualTo("jdbc:postgresql://db.dev:5432/payments");
        assertThat(api.get(schemaPath, "bob")
                        .json()
                        .get("keys")
                        .get("DATABASE_URL")
                        .get("secret")
                        .asBoolean())
                .isTrue();
        assertThat(api.get("/api/v1/history?app=" + payments + "&key=DATABASE_URL", "bob")
                        .body())
                .as("earlier plaintext is masked in the history too, once the key is secret")
                .contains("DATABASE_URL")
                .doesNotContain("jdbc:postgresql");
    }

    @Test
    void unmarking_a_secret_is_refused_and_so_is_a_secret_with_a_default() {
        ObjectNode unmark = editable();
        ((ObjectNode) unmark.get("keys").get("DATABASE_PASSWORD")).put("secret", false);
        Answer refused = api.send("PUT", schemaPath, "admin", unmark);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("details").get("problems").toString())
                .contains("DATABASE_PASSWORD")
                .contains("stays secret");

        ObjectNode withDefault = editable();
        ((ObjectNode) withDefault.get("keys").get("DATABASE_PASSWORD")).put("default", "letmein");
        assertThat(api.send("PUT", schemaPath, "admin", withDefault).status()).isEqualTo(422);
        assertThat(api.get(schemaPath, "admin").json().toString()).doesNotContain("letmein");
    }

    @Test
    void only_admins_edit_schemas_and_an_edit_on_a_stale_schema_is_a_conflict() {
        ObjectNode first = editable();
        ObjectNode second = editable();
        first.put("description", "Payments, first edit");
        second.put("description", "Payments, second edit");

        assertThat(api.send("PUT", schemaPath, "carol", first).status()).isEqualTo(403);
        assertThat(api.send("PUT", schemaPath, "admin", first).status()).isEqualTo(200);
        Answer stale = api.send("PUT", schemaPath, "admin", second);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("message").asString()).contains("schema of " + payments);
        assertThat(api.get(schemaPath, "bob").json().get("description").asString())
                .isEqualTo("Payments, first edit");
    }

    @Test
    void hostile_schema_edits_get_a_clear_error() {
        ObjectNode badKey = editable();
        ((ObjectNode) badKey.get("keys"))
                .set("../../etc/passwd", badKey.get("keys").get("LOG_LEVEL"));
        assertThat(api.send("PUT", schemaPath, "admin", badKey).status()).isEqualTo(422);
        ObjectNode badType = editable();
        ((ObjectNode) badType.get("keys").get("LOG_LEVEL")).put("type", "script");
        assertThat(api.send("PUT", schemaPath, "admin", badType).status()).isEqualTo(422);
        assertThat(api.send("PUT", schemaPath, "admin", Map.of("description", "no base"))
                        .status())
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/apps/nope/schema", "admin", editable())
                        .status())
                .isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/apps/..%2F..%2Fetc/schema", "admin", editable())
                        .status())
                .isIn(400, 404, 422);
    }
}
