package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.security.TokenDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v3/api-docs} and {@code /swagger-ui.html}: the OpenAPI description of the whole HTTP API. It
 * only reads, so it shares its Strata with the other classes marked only {@link ApiTest}; the token it
 * serves with is one of its own.
 */
@ApiTest
class OpenApiTest {

    static String prodToken;

    @BeforeAll
    static void token(@Autowired TokenDirectory tokens) {
        prodToken = tokens.issue("openapi-payments-production", List.of("payments:production"));
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode apiDocs() throws Exception {
        var response = send("GET", "/v3/api-docs", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The status codes documented for one operation. */
    private static List<String> documented(JsonNode docs, String path, String method) {
        JsonNode responses = docs.path("paths").path(path).path(method).path("responses");
        assertThat(responses.isObject()).as("%s %s is documented", method, path).isTrue();
        return new ArrayList<>(responses.propertyNames());
    }

    @Test
    void every_controller_route_and_the_serving_endpoint_are_described_for_anyone() throws Exception {
        JsonNode paths = apiDocs().get("paths");

        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().forEach((mapping, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.strata")
                    || handler.getBeanType() == UnknownEndpoint.class) {
                return;
            }
            for (String pattern : mapping.getPatternValues()) {
                var methods = mapping.getMethodsCondition().getMethods();
                for (var method : methods) {
                    if (!paths.path(pattern).has(method.name().toLowerCase(Locale.ROOT))) {
                        missing.add(method + " " + pattern);
                    }
                }
                if (methods.isEmpty() && !paths.has(pattern)) {
                    missing.add(pattern);
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(paths.path("/api/v1/config/{app}/{env}").has("get")).isTrue();
        assertThat(paths.propertyNames()).noneMatch(path -> path.contains("**"));
    }

    @Test
    void error_answers_are_described_with_the_api_error_body() throws Exception {
        JsonNode docs = apiDocs();

        JsonNode error = docs.at("/components/schemas/ApiError/properties");
        assertThat(error.propertyNames()).contains("error", "message", "details");
        assertThat(docs.at(
                                "/paths/~1api~1v1~1apps~1{app}~1schema/get/responses/404/content/application~1json/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/ApiError");
    }

    @Test
    void the_documented_status_codes_are_the_ones_answered() throws Exception {
        JsonNode docs = apiDocs();

        var anonymous = send("GET", "/api/v1/apps", null, null);
        var unknownApp = send("GET", "/api/v1/apps/no-such-app/schema", basic("admin"), null);
        var badBody = send("POST", "/api/v1/apps", basic("admin"), "{\"name\": \"../x\"}");
        var served = send("GET", "/api/v1/config/payments/production", "Bearer " + prodToken, null);
        var unchanged = send("GET", "/api/v1/config/payments/production", null, null);
        var outOfScope = send("GET", "/api/v1/config/payments/dev", "Bearer " + prodToken, null);
        var unknownFormat = send("GET", "/api/v1/config/payments/production?format=xml", "Bearer " + prodToken, null);
        var webhook = send("POST", "/api/v1/hooks/git", null, "{}");
        var notModified = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/config/payments/production"))
                        .header("Authorization", "Bearer " + prodToken)
                        .header(
                                "If-None-Match",
                                served.headers().firstValue("ETag").orElseThrow())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(documented(docs, "/api/v1/apps", "get")).contains(Integer.toString(anonymous.statusCode()));
        assertThat(documented(docs, "/api/v1/apps/{app}/schema", "get"))
                .contains(Integer.toString(unknownApp.statusCode()));
        assertThat(documented(docs, "/api/v1/apps", "post")).contains(Integer.toString(badBody.statusCode()));
        assertThat(documented(docs, "/api/v1/hooks/git", "post"))
                .contains(Integer.toString(webhook.statusCode()))
                .contains("202")
                .doesNotContain("200");
        assertThat(docs.at("/servers/0/url").asString())
                .as("never the Host a client claims")
                .isEqualTo("/");
        List<String> serving = documented(docs, "/api/v1/config/{app}/{env}", "get");
        assertThat(List.of(served, unchanged, outOfScope, unknownFormat, notModified))
                .extracting(response -> Integer.toString(response.statusCode()))
                .containsExactly("200", "401", "403", "400", "304")
                .allSatisfy(status -> assertThat(serving).contains(status));
    }

    @Test
    void swagger_ui_is_reachable_without_signing_in() throws Exception {
        var redirect = send("GET", "/swagger-ui.html", null, null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        var page = send(
                "GET",
                location.startsWith("/") ? location : URI.create(location).getPath(),
                null,
                null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(send("GET", "/v3/api-docs/swagger-config", null, null).statusCode())
                .isEqualTo(200);
        var yaml = send("GET", "/v3/api-docs.yaml", null, null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3");
    }
}
