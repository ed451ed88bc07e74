package dev.strata.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request Spring Security's firewall refuses (an encoded slash, {@code %00}, {@code ..}, a
 * {@code ;}, a method such as TRACE): the API's JSON error, 400 or 405 for the method, written
 * here rather than through the container's error page, and not logged: it is the client's mistake.
 * Elsewhere (the UI) a plain 400, as before.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    /** The methods the firewall lets through (its default); any other is refused for its method. */
    private static final Set<String> ALLOWED_METHODS =
            Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    private final JsonMapper json;

    RejectedRequests(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        boolean method = !ALLOWED_METHODS.contains(request.getMethod());
        int status = method ? HttpServletResponse.SC_METHOD_NOT_ALLOWED : HttpServletResponse.SC_BAD_REQUEST;
        if (!ApiErrors.covers(request.getRequestURI())) {
            response.sendError(status);
            return;
        }
        var answer = method ? ApiErrors.ofStatus(status) : ApiErrors.refused();
        response.setStatus(status);
        if (method) {
            response.setHeader(
                    HttpHeaders.ALLOW,
                    String.join(", ", ALLOWED_METHODS.stream().sorted().toList()));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), answer.body());
    }
}
