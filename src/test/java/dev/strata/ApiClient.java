package dev.strata;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for API tests: real requests to a running Strata, JSON answers as trees. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Answer(int status, JsonNode json, String body) {}

    public Answer send(String method, String path, String user, Object body) {
        try {
            var request = HttpRequest.newBuilder(URI.create(base + path));
            if (user != null) {
                String basic = Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
                request.header("Authorization", "Basic " + basic);
            }
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(
                    method,
                    text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                request.header("Content-Type", "application/json");
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty()
                            || !(response.body().startsWith("{")
                                    || response.body().startsWith("["))
                    ? null
                    : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String path, String user) {
        return send("GET", path, user, null);
    }
}
