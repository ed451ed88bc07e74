package dev.strata.serving;

import dev.strata.config.Revision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/config/{app}/{env}}: the resolved configuration for an application, with an
 * API token. The ETag is the revision; {@code If-None-Match} answers 304 while the configuration is
 * unchanged, and with {@code ?wait=N} the request waits up to N seconds for a change.
 */
@RestController
class ConfigController {

    static final int MAX_WAIT_SECONDS = 60;

    private final ConfigServing serving;
    private final ConfigWatch watch;

    ConfigController(ConfigServing serving, ConfigWatch watch) {
        this.serving = serving;
        this.watch = watch;
    }

    /**
     * Reads its query parameters and headers from the request and writes the cached bytes itself:
     * under load, Spring MVC's resolvers of named arguments and its message converters took a
     * third of the CPU time of a served configuration (profiled with JFR under wrk), for five
     * strings that need no conversion and a body that is already rendered.
     */
    @GetMapping("/api/v1/config/{app}/{env}")
    void config(@PathVariable String app, @PathVariable String env,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getAttribute(ConfigWatch.FAILURE) instanceof RuntimeException failure) {
            throw failure; // a waiter whose configuration can no longer be served: answered as a new request would be
        }
        serving.checkScope(app, env);
        Format chosen = format(request.getParameter("format"), request.getHeader(HttpHeaders.ACCEPT));
        Integer wait = waitSeconds(request.getParameter("wait"));
        String at = request.getParameter("at");
        if (wait != null && at != null) {
            throw badRequest("a past revision (at) never changes: wait cannot be combined with at");
        }
        Revision revision = at == null ? serving.head() : new Revision(at);
        var current = serving.render(app, env, chosen, revision);
        Optional<Revision> theirs = revisionOf(request.getHeader(HttpHeaders.IF_NONE_MATCH));
        if (!serving.unchanged(app, env, chosen, theirs, current)) {
            write(response, current, chosen);
        } else if (wait != null) {
            watch.await(request, response, app, env, chosen, current, etag(theirs.get()), wait);
        } else {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, etag(theirs.get()));
        }
    }

    /** A configuration as it is sent, by this controller and to waiting clients by the watch. */
    static void write(HttpServletResponse response, ConfigServing.Served served, Format format) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader(HttpHeaders.ETAG, etag(served.revision()));
        response.setContentType(format.contentType());
        response.setContentLength(served.body().length);
        response.getOutputStream().write(served.body());
    }

    private static Integer waitSeconds(String wait) {
        if (wait == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(wait.strip());
            if (seconds >= 1 && seconds <= MAX_WAIT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("wait must be a whole number of seconds between 1 and " + MAX_WAIT_SECONDS);
    }

    private static Format format(String format, String accept) {
        if (format != null) {
            return Format.named(format).orElseThrow(() ->
                    badRequest("unknown format '" + format + "'; use one of " + Format.names()));
        }
        return Format.accepted(accept).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE,
                "None of the accepted types is served; formats: " + Format.names()));
    }

    private static ResponseStatusException badRequest(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }

    static String etag(Revision revision) {
        return "\"" + revision.id() + "\"";
    }

    /** The revision in an If-None-Match header, when it names one; anything else matches nothing. */
    private static Optional<Revision> revisionOf(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return Optional.empty();
        }
        String tag = ifNoneMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Optional.of(new Revision(tag));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
