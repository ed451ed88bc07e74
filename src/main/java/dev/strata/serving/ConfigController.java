package dev.strata.serving;

import dev.strata.config.Revision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
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

    @GetMapping("/api/v1/config/{app}/{env}")
    Object config(@PathVariable String app, @PathVariable String env,
                  @RequestParam(required = false) String format,
                  @RequestParam(required = false) String at,
                  @RequestParam(required = false) Integer wait,
                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                  @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                  HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(ConfigWatch.FAILURE) instanceof RuntimeException failure) {
            throw failure; // a waiter whose configuration can no longer be served: answered as a new request would be
        }
        serving.checkScope(app, env);
        Format chosen = format(format, accept);
        if (wait != null && (wait < 1 || wait > MAX_WAIT_SECONDS)) {
            throw badRequest("wait must be between 1 and " + MAX_WAIT_SECONDS + " seconds");
        }
        if (wait != null && at != null) {
            throw badRequest("a past revision (at) never changes: wait cannot be combined with at");
        }
        Revision revision = at == null ? serving.head() : new Revision(at);
        var current = serving.render(app, env, chosen, revision);
        Optional<Revision> theirs = revisionOf(ifNoneMatch);
        if (serving.unchanged(app, env, chosen, theirs, current)) {
            String etag = etag(theirs.get());
            if (wait != null) {
                watch.await(request, response, app, env, chosen, current.body(), etag, wait);
                return null; // answered by the watch
            }
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ok(current, chosen);
    }

    private static ResponseEntity<String> ok(ConfigServing.Served served, Format format) {
        return ResponseEntity.ok().eTag(etag(served.revision())).contentType(format.mediaType()).body(served.body());
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
