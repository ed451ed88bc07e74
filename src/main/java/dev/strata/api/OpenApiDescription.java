package dev.strata.api;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /v3/api-docs} says beyond what springdoc reads from the controllers: the two ways
 * to sign in, the serving endpoint (a servlet of its own, which springdoc cannot see), and the
 * error answers every operation can give with their {@link ApiError} body. The error codes are the
 * ones {@link ApiErrors} and Spring Security answer: 401 and 403 wherever one signs in, 400 where
 * there is input, 422 where a body or query holds values, 404 where the path names something, 409
 * and 503 where something is written, 413 where a body is sent.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDescription {

    static final String SERVING_PATH = "/api/v1/config/{app}/{env}";
    private static final String ERROR_SCHEMA = "#/components/schemas/ApiError";
    private static final String WEBHOOK_PATH = "/api/v1/hooks/git";

    @Bean
    OpenAPI strataOpenApi() {
        var components = new Components()
                .addSecuritySchemes(
                        "account",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("basic")
                                .description("A person's account, for the management API"))
                .addSecuritySchemes(
                        "token",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description(
                                        "An API token from tokens.yaml, for serving (also accepted as the password of HTTP Basic)"));
        return new OpenAPI()
                .info(new Info()
                        .title("Strata")
                        .version("v1")
                        .description("Application configuration per environment, kept in Git, reviewed and served."
                                + " Every error answer has the body ApiError."))
                // relative: a URL made from the request's Host header would name whatever host a client claims
                .servers(List.of(new Server().url("/")))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList("account"));
    }

    @Bean
    OpenApiCustomizer strataErrorsAndServing() {
        return openApi -> {
            ModelConverters.getInstance().read(ApiError.class).forEach(openApi.getComponents()::addSchemas);
            // the catch-all that answers unknown API paths (UnknownEndpoint) is no operation of the API
            openApi.getPaths().keySet().removeIf(path -> path.contains("**"));
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> addErrors(path, method, operation)));
            openApi.getPaths().addPathItem(SERVING_PATH, servingPath());
        };
    }

    private static void addErrors(String path, PathItem.HttpMethod method, Operation operation) {
        boolean writes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        if (path.equals(WEBHOOK_PATH)) {
            operation.setSecurity(List.of()); // signed by the Git host, not signed in
            ApiResponse accepted = operation.getResponses().remove("200");
            operation.getResponses().addApiResponse("202", accepted.description("The fetch is started"));
            error(operation, "401", "The signature does not match the webhook secret");
            error(operation, "404", "Push webhooks are off (no remote or no webhook secret)");
            error(operation, "413", "The body is larger than a push event can be");
            return;
        }
        if (path.startsWith("/config/")) {
            operation.setSecurity(List.of(new SecurityRequirement().addList("token")));
        }
        error(operation, "401", "Not signed in, or the credentials are wrong");
        error(operation, "403", "Signed in, but not allowed to do this");
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        if (!parameters.isEmpty() || body) {
            error(operation, "400", "The request cannot be read: malformed JSON or a parameter of the wrong form");
        }
        if (body || parameters.stream().anyMatch(parameter -> "query".equals(parameter.getIn()))) {
            error(operation, "422", "A value breaks a rule (details.problems name the fields or keys)");
        }
        if (path.contains("{")) {
            error(operation, "404", "What the path names does not exist");
        }
        if (writes) {
            error(
                    operation,
                    "409",
                    "Someone else changed the same thing since the base revision (details list the conflicts)");
            if (body) {
                error(operation, "413", "The body is larger than this endpoint takes");
            }
            error(operation, "503", "The repository or the remote could not take the write; nothing was changed");
        }
    }

    private static void error(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation
                .getResponses()
                .putIfAbsent(status, new ApiResponse().description(description).content(errorContent()));
    }

    private static Content errorContent() {
        return new Content()
                .addMediaType("application/json", new MediaType().schema(new Schema<>().$ref(ERROR_SCHEMA)));
    }

    /** {@code GET /api/v1/config/{app}/{env}}, as ConfigServlet answers it. */
    private static PathItem servingPath() {
        var etag = new Header()
                .description("The revision (commit id) of the configuration, quoted")
                .schema(new StringSchema());
        var content = new Content()
                .addMediaType(
                        "application/json",
                        new MediaType().schema(new ObjectSchema().description("Keys to typed values")))
                .addMediaType(
                        "application/yaml",
                        new MediaType()
                                .schema(new StringSchema()
                                        .description("One key per line;"
                                                + " with format=configmap or secret a Kubernetes manifest")))
                .addMediaType(
                        "text/x-java-properties",
                        new MediaType().schema(new StringSchema().description("Java properties")))
                .addMediaType(
                        "text/plain",
                        new MediaType()
                                .schema(new StringSchema()
                                        .description(
                                                ".env: variable names as" + " Spring's relaxed binding reads them")));
        var responses = new ApiResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description(
                                        "The resolved configuration; with format=configmap or"
                                                + " secret a Kubernetes ConfigMap (non-secret keys) or Secret (secret keys) manifest in YAML")
                                .addHeaderObject("ETag", etag)
                                .content(content))
                .addApiResponse(
                        "304",
                        new ApiResponse()
                                .description("Unchanged since the revision in If-None-Match")
                                .addHeaderObject("ETag", etag))
                .addApiResponse(
                        "400",
                        new ApiResponse()
                                .description("Unknown format, a bad wait, or wait with at")
                                .content(errorContent()))
                .addApiResponse(
                        "401",
                        new ApiResponse()
                                .description("No valid token, or it expired")
                                .content(errorContent()))
                .addApiResponse(
                        "403",
                        new ApiResponse()
                                .description("The token's scopes do not cover this application and environment")
                                .content(errorContent()))
                .addApiResponse(
                        "404",
                        new ApiResponse()
                                .description("No such application, environment or revision")
                                .content(errorContent()))
                .addApiResponse(
                        "406",
                        new ApiResponse()
                                .description("None of the types in Accept is served; the message lists the formats")
                                .content(errorContent()));
        var get = new Operation()
                .operationId("serveConfiguration")
                .addTagsItem("serving")
                .summary("The resolved configuration of an application in an environment")
                .security(List.of(new SecurityRequirement().addList("token")))
                .parameters(List.of(
                        new Parameter().in("path").name("app").required(true).schema(new StringSchema()),
                        new Parameter().in("path").name("env").required(true).schema(new StringSchema()),
                        new Parameter()
                                .in("query")
                                .name("format")
                                .description("Else chosen by Accept; JSON by default")
                                .schema(new StringSchema()
                                        ._enum(List.of("json", "yaml", "properties", "env", "configmap", "secret"))),
                        new Parameter()
                                .in("query")
                                .name("wait")
                                .description("Wait up to this many seconds for a change (with If-None-Match)")
                                .schema(new IntegerSchema()
                                        .minimum(BigDecimal.ONE)
                                        .maximum(BigDecimal.valueOf(60))),
                        new Parameter()
                                .in("query")
                                .name("at")
                                .description("A commit of main: the configuration as it was then")
                                .schema(new StringSchema()),
                        new Parameter()
                                .in("header")
                                .name("If-None-Match")
                                .description("The ETag of the copy the client has")
                                .schema(new StringSchema())))
                .responses(responses);
        return new PathItem().get(get);
    }
}
