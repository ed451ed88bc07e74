package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.router.QueryParameters;
import dev.strata.ApiClient.Answer;
import dev.strata.changes.ui.ChangeRequestView;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.Secrecy;
import dev.strata.editing.SettingsTransfer;
import dev.strata.editing.ui.ApplicationView;
import dev.strata.formats.FileFormat;
import dev.strata.history.HistoryExport;
import dev.strata.history.HistoryService;
import dev.strata.history.ui.CompareView;
import dev.strata.history.ui.HistoryView;
import dev.strata.history.ui.PastSettingsView;
import dev.strata.security.TokenDirectory;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.context.support.WithUserDetails;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a person or a client can read settings, walked with the demo's secret DATABASE_PASSWORD
 * (and one proposed in a change request): none shows its plaintext, nor its ciphertext to people. It only
 * reads the demo, and closes the change requests it opens, so it shares Strata with the other API tests.
 */
@ApiTest
class SecretsStayHiddenTest extends BrowserlessViewTest {

    /** The demo's plaintexts, and the one proposed below. */
    private static final List<String> PLAINTEXTS =
            List.of("dev-only-password", "demo-production-password", "proposed-password-42");

    @LocalServerPort
    int port;

    @Autowired
    SettingsTransfer transfer;

    @Autowired
    HistoryService history;

    @Autowired
    TokenDirectory tokens;

    ApiClient api;

    private final List<Long> proposed = new ArrayList<>();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** Open, a proposal to production would wait for the approvers of production in the classes sharing Strata. */
    @AfterEach
    void closeProposals() {
        proposed.forEach(id -> api.send("POST", "/api/v1/change-requests/" + id + "/close", "carol", null));
    }

    private static void hidden(String what, String text) {
        assertThat(text).as(what).doesNotContain(PLAINTEXTS);
    }

    private static void hiddenAndNotSealed(String what, String text) {
        hidden(what, text);
        assertThat(text).as(what).doesNotContain(Secrecy.SEALED_PREFIX);
    }

    private long proposeSecret() {
        Answer opened = api.send(
                "POST",
                "/api/v1/change-requests",
                "carol",
                Map.of(
                        "kind",
                        "edit",
                        "app",
                        "payments",
                        "target",
                        "production",
                        "title",
                        "Rotate the database password",
                        "set",
                        Map.of("DATABASE_PASSWORD", "proposed-password-42")));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        long id = opened.json().get("id").asLong();
        proposed.add(id);
        return id;
    }

    /** The rows of every grid on the page, as the records the grids render. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private String gridRows() {
        StringBuilder rows = new StringBuilder();
        for (Grid grid : find(Grid.class).all()) {
            rows.append(grid.getDataProvider()
                    .fetch(new Query<>(0, 1000, List.of(), null, null))
                    .toList());
        }
        return rows.toString();
    }

    private String pageText() {
        return getCurrentView().getElement().getTextRecursively();
    }

    @Test
    void the_http_apis_for_people_mask_secrets() {
        long id = proposeSecret();

        for (String env : List.of("dev", "production")) {
            Answer settings = api.get("/api/v1/apps/payments/envs/" + env + "/settings", "bob");
            assertThat(settings.status()).isEqualTo(200);
            assertThat(settings.json().get("settings").get("DATABASE_PASSWORD").asString())
                    .isEqualTo(Secrecy.MASK);
            hiddenAndNotSealed("settings of " + env, settings.body());
        }
        hiddenAndNotSealed("apps", api.get("/api/v1/apps", "bob").body());
        hiddenAndNotSealed(
                "history",
                api.get("/api/v1/history?app=payments&limit=100", "bob").body());
        String newest = api.get("/api/v1/history?app=payments&key=DATABASE_PASSWORD&limit=1", "bob")
                .json()
                .get("entries")
                .get(0)
                .get("revision")
                .asString();
        hiddenAndNotSealed(
                "one commit", api.get("/api/v1/history/" + newest, "bob").body());
        hiddenAndNotSealed(
                "history export",
                api.get("/api/v1/history/export?app=payments&format=csv", "bob").body());
        hiddenAndNotSealed(
                "change requests", api.get("/api/v1/change-requests", "bob").body());
        hiddenAndNotSealed(
                "change request",
                api.get("/api/v1/change-requests/" + id, "bob").body());
    }

    @Test
    void a_token_for_another_environment_gets_no_secret_and_the_right_one_gets_only_its_own() throws Exception {
        String devToken = tokens.issue("payments-dev-reader", List.of("payments:dev"));
        HttpClient http = HttpClient.newHttpClient();

        for (String path : List.of(
                "/api/v1/config/payments/production",
                "/api/v1/config/payments/production?format=env",
                "/config/payments/production")) {
            HttpResponse<String> other = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + devToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as(path).isIn(401, 403, 404);
            hidden(path, other.body());
        }
        HttpResponse<String> own = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/config/payments/dev"))
                        .header("Authorization", "Bearer " + devToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(own.body()).contains("dev-only-password").doesNotContain("demo-production-password");
    }

    @Test
    @WithUserDetails("bob")
    void downloads_and_history_exports_leave_secrets_out() {
        for (FileFormat format : FileFormat.values()) {
            var export = transfer.export(new AppName("payments"), new EnvName("production"), format);
            hiddenAndNotSealed("download as " + format, export.content());
            assertThat(export.omittedSecrets()).isPositive();
        }
        var csv = new StringWriter();
        HistoryExport.csv(history, HistoryQuery.ofKey(new AppName("payments"), null, null, 500), csv);
        hiddenAndNotSealed("history csv", csv.toString());
        var json = new StringWriter();
        HistoryExport.json(
                history,
                HistoryQuery.ofKey(new AppName("payments"), null, null, 500),
                JsonMapper.builder().build(),
                json);
        hiddenAndNotSealed("history json", json.toString());
    }

    @Test
    @WithUserDetails("bob")
    void the_pages_show_secrets_masked() {
        long id = proposeSecret();

        UI.getCurrent().navigate("apps/payments");
        assertThat(getCurrentView()).isInstanceOf(ApplicationView.class);
        hiddenAndNotSealed("application page rows", gridRows());
        assertThat(gridRows()).as("application page rows").contains(Secrecy.MASK);
        hiddenAndNotSealed("application page", pageText());

        UI.getCurrent().navigate("history", QueryParameters.simple(Map.of("app", "payments")));
        assertThat(getCurrentView()).isInstanceOf(HistoryView.class);
        hiddenAndNotSealed("history rows", gridRows());
        hiddenAndNotSealed("history page", pageText());

        UI.getCurrent().navigate("change-requests/" + id);
        assertThat(getCurrentView()).isInstanceOf(ChangeRequestView.class);
        hiddenAndNotSealed("review rows", gridRows());
        assertThat(gridRows()).as("review rows").contains(Secrecy.MASK);
        hiddenAndNotSealed("review page", pageText());

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        UI.getCurrent().navigate("apps/payments/at/" + today);
        assertThat(getCurrentView()).isInstanceOf(PastSettingsView.class);
        hiddenAndNotSealed("past state rows", gridRows());
        assertThat(gridRows()).as("past state rows").contains(Secrecy.MASK);
        hiddenAndNotSealed("past state page", pageText());

        String beforePasswords = null;
        for (var entry : api.get("/api/v1/history?app=payments&env=dev&limit=100", "bob")
                .json()
                .get("entries")) {
            if (entry.get("message").asString().startsWith("Port back to 8080")) {
                beforePasswords = entry.get("revision").asString();
            }
        }
        UI.getCurrent()
                .navigate(
                        "history/compare",
                        QueryParameters.simple(
                                Map.of("app", "payments", "from", beforePasswords.substring(0, 12), "to", today)));
        assertThat(getCurrentView()).isInstanceOf(CompareView.class);
        hiddenAndNotSealed("comparison rows", gridRows());
        assertThat(gridRows()).as("comparison rows").contains("key=DATABASE_PASSWORD", "secret=true");
        hiddenAndNotSealed("comparison page", pageText());
    }
}
