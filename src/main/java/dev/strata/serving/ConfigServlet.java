package dev.strata.serving;

import dev.strata.api.ApiErrors;
import dev.strata.config.Revision;
import dev.strata.formats.FileFormat;
import dev.strata.instances.InstanceHeaders;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/config/{app}/{env}}: the resolved configuration for an application, with an
 * API token. The ETag is the revision; {@code If-None-Match} answers 304 while the configuration is
 * unchanged, and with {@code ?wait=N} the request waits up to N seconds for a change.
 * <p>
 * A servlet of its own rather than a Spring MVC controller: this is the endpoint every application
 * polls, and under load (profiled with JFR under wrk) Spring MVC's dispatch, handler lookup,
 * argument resolution and message conversion took about a third of a served configuration's CPU
 * time; the cached configuration is served 40 % faster without them. A request with a valid token
 * and a plain address reaches it from {@link DirectServing}'s valve, in front of the filters; any
 * other passes through Spring Security's filters as any request does. Either way the token's scope
 * is checked here, and failures are answered with the API's JSON errors ({@link ApiErrors}).
 */
class ConfigServlet extends HttpServlet {

    static final String PATH = "/api/v1/config/";
    static final int MAX_WAIT_SECONDS = 60;
    /**
     * Clients send the same few Accept headers with every poll: the format of each is worked out
     * once, for up to this many headers of up to {@value #ACCEPT_KEPT_LENGTH} characters, so that
     * no client can make the servlet keep more.
     */
    private static final int ACCEPTS_KEPT = 64;

    private static final int ACCEPT_KEPT_LENGTH = 256;

    private static final Map<FileFormat, String> CONTENT_TYPES = contentTypes();

    private final transient ConfigServing serving;
    private final transient ConfigWatch watch;
    private final transient JsonMapper json;
    private final transient ManifestServing manifests;
    private final transient Map<String, Optional<FileFormat>> accepts = new ConcurrentHashMap<>();

    ConfigServlet(ConfigServing serving, ConfigWatch watch, JsonMapper json, ManifestServing manifests) {
        this.serving = serving;
        this.watch = watch;
        this.json = json;
        this.manifests = manifests;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        ServletRegistrationBean<ConfigServlet> configServlet(
                ConfigServing serving, ConfigWatch watch, JsonMapper json, ManifestServing manifests) {
            var registration =
                    new ServletRegistrationBean<>(new ConfigServlet(serving, watch, json, manifests), PATH + "*");
            registration.setAsyncSupported(true); // waiting clients
            return registration;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (request.getAttribute(ConfigWatch.FAILURE) instanceof RuntimeException failure) {
                throw failure; // a waiter whose configuration can no longer be served: answered as a new request would
                // be
            }
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
                throw new HttpRequestMethodNotSupportedException(request.getMethod(), List.of("GET", "HEAD"));
            }
            String[] appEnv = appEnv(request);
            config(appEnv[0], appEnv[1], request, response);
        } catch (Exception e) {
            if (response.isCommitted() && e instanceof IOException io) {
                throw io; // the client left while it was being answered
            }
            if (response.isCommitted()) {
                throw new IllegalStateException("Failed after the answer had begun", e);
            }
            var answer = ApiErrors.of(e);
            response.resetBuffer();
            response.setStatus(answer.status().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), answer.body());
        }
    }

    /** The two segments after {@value #PATH}, decoded; anything else is an endpoint that does not exist. */
    private static String[] appEnv(HttpServletRequest request) {
        String path = request.getPathInfo();
        String[] segments = path == null ? new String[0] : path.substring(1).split("/", -1);
        if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "There is no such endpoint: configurations are at " + PATH + "{app}/{env}.");
        }
        return segments;
    }

    private void config(String app, String env, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Revision head = serving.checkScopeAtHead(app, env);
        var manifest = ManifestServing.Kind.named(request.getParameter("format"));
        if (manifest.isPresent()) {
            manifests.serve(app, env, manifest.get(), request, response);
            return;
        }
        FileFormat chosen = format(request.getParameter("format"), request.getHeader(HttpHeaders.ACCEPT));
        Integer wait = waitSeconds(request.getParameter("wait"));
        String at = request.getParameter("at");
        if (wait != null && at != null) {
            throw badRequest("a past revision (at) never changes: wait cannot be combined with at");
        }
        String instance = request.getHeader(InstanceHeaders.INSTANCE);
        String labels = request.getHeader(InstanceHeaders.LABELS);
        Revision revision = at == null ? serving.served(app, env, instance, labels, head) : serving.past(at);
        var current = serving.render(app, env, chosen, revision);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        // a client polling with the current copy sends back its ETag as it got it
        Optional<Revision> theirs =
                current.etag().equals(ifNoneMatch) ? Optional.of(current.revision()) : revisionOf(ifNoneMatch);
        if (!serving.unchanged(app, env, chosen, theirs, current)) {
            write(response, current, chosen);
        } else if (wait != null) {
            DirectServing.beforeWaiting(response);
            watch.await(
                    request,
                    response,
                    new ConfigWatch.Watched(app, env, instance, labels),
                    chosen,
                    current,
                    etag(theirs.get()),
                    wait);
        } else {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            if (theirs.get().equals(current.revision())) {
                DirectServing.etag(response, current);
            } else {
                response.setHeader(HttpHeaders.ETAG, etag(theirs.get()));
            }
        }
    }

    /** A configuration as it is sent, by this servlet and to waiting clients by the watch. */
    static void write(HttpServletResponse response, ConfigServing.Served served, FileFormat format) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        DirectServing.etag(response, served);
        response.setContentType(CONTENT_TYPES.get(format));
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

    private FileFormat format(String format, String accept) {
        if (format != null) {
            return FileFormat.named(format)
                    .orElseThrow(() -> badRequest("unknown format '" + format + "'; use one of " + FileFormat.names()
                            + ", " + ManifestServing.names()));
        }
        try {
            return acceptedOnce(accept)
                    .orElseThrow(() -> new ResponseStatusException(
                            HttpStatus.NOT_ACCEPTABLE,
                            "None of the accepted types is served; formats: " + FileFormat.names()));
        } catch (InvalidMediaTypeException e) {
            // as Spring MVC answers an Accept header it cannot read
            throw new ResponseStatusException(
                    HttpStatus.NOT_ACCEPTABLE,
                    "The Accept header could not be read as media types; formats: " + FileFormat.names());
        }
    }

    /** {@link #accepted}, read once for each of the first {@value #ACCEPTS_KEPT} short headers seen. */
    private Optional<FileFormat> acceptedOnce(String accept) {
        if (accept == null) {
            return Optional.of(FileFormat.JSON);
        }
        Optional<FileFormat> known = accepts.get(accept);
        if (known == null) {
            known = accepted(accept);
            if (accept.length() <= ACCEPT_KEPT_LENGTH && accepts.size() < ACCEPTS_KEPT) {
                accepts.put(accept, known);
            }
        }
        return known;
    }

    /** The first format the Accept header asks for, JSON when it asks for none of them or anything. */
    private static Optional<FileFormat> accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(FileFormat.JSON);
        }
        for (MediaType wanted : MediaType.parseMediaTypes(accept)) {
            if (wanted.isWildcardType()) {
                return Optional.of(FileFormat.JSON);
            }
            for (FileFormat format : FileFormat.values()) {
                if (wanted.isCompatibleWith(MediaType.parseMediaType(format.mediaType()))
                        || format == FileFormat.YAML && wanted.getSubtype().equals("x-yaml")) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<FileFormat, String> contentTypes() {
        Map<FileFormat, String> types = new EnumMap<>(FileFormat.class);
        for (FileFormat format : FileFormat.values()) {
            types.put(format, contentType(format));
        }
        return types;
    }

    /** The Content-Type of a configuration: the format's, in UTF-8 (JSON is UTF-8 by definition). */
    static String contentType(FileFormat format) {
        return format == FileFormat.JSON ? format.mediaType() : format.mediaType() + ";charset=UTF-8";
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
