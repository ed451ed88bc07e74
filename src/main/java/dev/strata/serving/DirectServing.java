package dev.strata.serving;

import dev.strata.api.WhenAnswered;
import dev.strata.instances.InstanceHeaders;
import dev.strata.instances.Sightings;
import dev.strata.security.ApiToken;
import dev.strata.security.SecurityHeaders;
import dev.strata.security.TokenSignIn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The direct path of {@code GET /api/v1/config/{app}/{env}} with a valid API token, the request
 * every application polls: answered by {@link ConfigServlet} from a valve at the head of Tomcat's
 * pipeline ({@link Valve}), with what the filters would have added (the security headers, the
 * served-requests metric, the instance's sighting) and without what the filters and Tomcat's
 * host, context and wrapper stages do for other requests. Profiled with JFR under wrk, Spring
 * Security's filter chain, Spring Boot's other filters and the filters' own bookkeeping took about
 * two fifths of a served configuration's CPU time; once this path ran as the first filter, the
 * stages in front of it (Tomcat's valves, building the filter chain) were a tenth of what was left,
 * and writing the headers as strings another tenth (bench/serving/README.md).
 * <p>
 * A waiting request ({@code ?wait=N}) takes this path too: the watch answers it through the same
 * {@link Answer}, so that the answers of 10,000 waiters after a change are written without Spring
 * Security's response wrappers and with the headers as bytes, and its sighting and count are made
 * when it is answered. Should its configuration fail to be served meanwhile, the watch dispatches
 * it again with the failure, and this path answers that dispatch as the servlet answers any
 * failure: the request never went through Spring Security's chain, which would refuse it then.
 * <p>
 * Anything else goes the general way, through Spring Security's serving chain, which answers it as
 * before: a missing, unknown or expired token (401), another method, and any address, query or
 * header that Spring Security's firewall would look at twice (encoded or unusual characters,
 * control characters). The token and its scope are checked
 * on the server by the same rules either way: {@link TokenSignIn} and the servlet's scope check.
 */
final class DirectServing {

    /** Spring Security's headers that this path adds first, as {@link SecurityHeaders} does. */
    private static final HeaderBytes SECURITY_HEADERS = new HeaderBytes(SecurityHeaders.HEADERS);

    /** What Spring Security's header writers add as the answer begins, in their order. */
    private static final HeaderBytes LATE_HEADERS = new HeaderBytes(List.of(
            Map.entry("X-XSS-Protection", "0"),
            Map.entry(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate"),
            Map.entry(HttpHeaders.PRAGMA, "no-cache"),
            Map.entry(HttpHeaders.EXPIRES, "0"),
            Map.entry("X-Frame-Options", "DENY")));

    /** The same without the cache headers, which Spring Security leaves out of a 304. */
    private static final HeaderBytes LATE_HEADERS_NOT_MODIFIED =
            new HeaderBytes(List.of(Map.entry("X-XSS-Protection", "0"), Map.entry("X-Frame-Options", "DENY")));

    private static final byte[] ETAG = HeaderBytes.latin1(HttpHeaders.ETAG);

    /** The note on a waiting request this path took, for the dispatch of its failure. */
    private static final String WAITING = DirectServing.class.getName() + ".waiting";

    private final ConfigServlet servlet;
    private final TokenSignIn signIn;
    private final ServingMetrics metrics;
    private final Sightings sightings;

    DirectServing(ConfigServlet servlet, TokenSignIn signIn, ServingMetrics metrics, Sightings sightings) {
        this.servlet = servlet;
        this.signIn = signIn;
        this.metrics = metrics;
        this.sightings = sightings;
    }

    /**
     * Not with {@code server.forward-headers-strategy=framework}: Spring's filter reads the proxy's
     * headers there, and a request answered in front of it would be seen from the proxy's address.
     * Tomcat's valve ({@code native}) reads them before this path's valve.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${server.forward-headers-strategy:none}'.toLowerCase() != 'framework'")
    static class Registration {
        @Bean
        DirectServing directServing(
                ServletRegistrationBean<ConfigServlet> configServlet,
                TokenSignIn signIn,
                ServingMetrics metrics,
                Sightings sightings) {
            return new DirectServing(configServlet.getServlet(), signIn, metrics, sightings);
        }
    }

    /**
     * Answers the request the direct way and returns true, or returns false without touching it.
     * Tomcat has parsed the request and mapped it to its servlet; nothing else has run.
     */
    boolean answer(Request request, Response response) throws IOException {
        int slash = direct(request);
        if (slash < 0) {
            return false;
        }
        Optional<ApiToken> token = signIn.signIn(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return false;
        }
        boolean waiting = false;
        try {
            MimeHeaders headers = response.getCoyoteResponse().getMimeHeaders();
            SECURITY_HEADERS.addTo(headers);
            var answer = new Answer(response.getResponse(), headers);
            servlet.service(request.getRequest(), answer);
            waiting = request.isAsyncStarted();
            if (waiting) {
                // the watch may answer it at once; Tomcat completes it only once this thread is done with it
                request.setNote(WAITING, answer);
                ApiToken by = token.get();
                request.getAsyncContext().addListener(new WhenAnswered(() -> {
                    // counted and recorded once answered, as instances.SightingFilter does on the general way
                    see(request, response, slash, by);
                    metrics.count(request, response);
                }));
            } else {
                answer.begin(); // an answer without a body: a 304
                see(request, response, slash, token.get());
            }
        } finally {
            signIn.signOut();
            if (!waiting) {
                metrics.count(request, response);
            }
        }
        return true;
    }

    /**
     * Answers the dispatch of a waiting request this path took, whose configuration could no longer
     * be served ({@link ConfigWatch#FAILURE}), and returns true; false for any other dispatch.
     */
    boolean answerFailure(Request request) throws IOException {
        if (!(request.getNote(WAITING) instanceof Answer answer)) {
            return false;
        }
        servlet.service(request.getRequest(), answer);
        return true;
    }

    /**
     * Adds the headers of an answer that is about to wait, before the watch can write it from its
     * thread: Spring Security adds them as its chain returns, while a waiting request is still a
     * 200, so the 304 at the end of a wait has them all, the cache headers included.
     */
    static void beforeWaiting(HttpServletResponse response) {
        if (response instanceof Answer answer) {
            answer.begin();
        }
    }

    /**
     * Sets the ETag of a configuration served: as bytes encoded once per revision when the answer is
     * the direct path's, which sets no ETag before.
     */
    static void etag(HttpServletResponse response, ConfigServing.Served served) {
        if (response instanceof Answer answer) {
            HeaderBytes.add(answer.headers, ETAG, served.etagBytes());
        } else {
            response.setHeader(HttpHeaders.ETAG, served.etag());
        }
    }

    /**
     * Where the environment starts in the address of a request the direct path answers, or -1 for
     * one it leaves to the general way.
     */
    private static int direct(Request request) {
        String method = request.getMethod();
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || request.getContext() == null
                || !method.equals("GET") && !method.equals("HEAD")
                || !request.getContextPath().isEmpty()) {
            return -1;
        }
        String uri = request.getRequestURI();
        int start = ConfigServlet.PATH.length();
        int slash = uri.indexOf('/', start);
        if (!uri.startsWith(ConfigServlet.PATH)
                || slash <= start
                || slash == uri.length() - 1
                || !plain(uri, start, uri.length(), "-/")
                || uri.indexOf('/', slash + 1) >= 0) {
            return -1;
        }
        String query = request.getQueryString();
        if (query != null && !plain(query, 0, query.length(), "-._=&")) {
            return -1;
        }
        return printable(request.getCoyoteRequest().getMimeHeaders()) ? slash : -1;
    }

    /** Whether {@code text} holds only letters, digits and {@code others} from {@code from} to {@code to}. */
    private static boolean plain(String text, int from, int to, String others) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || others.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no header's value has a control character, which Spring Security's firewall refuses in
     * the headers that are read. All headers are looked at, in the bytes Tomcat read (ISO-8859-1),
     * which is cheaper than looking up the five this path reads.
     */
    private static boolean printable(MimeHeaders headers) {
        for (int i = 0; i < headers.size(); i++) {
            MessageBytes value = headers.getValue(i);
            if (value.getType() != MessageBytes.T_BYTES) {
                value.toBytes();
            }
            ByteChunk bytes = value.getByteChunk();
            byte[] buffer = bytes.getBuffer();
            for (int j = bytes.getStart(); j < bytes.getEnd(); j++) {
                int c = buffer[j] & 0xff;
                if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The sighting of the instance the request names, by the rule {@code instances.SightingFilter} follows too. */
    private void see(Request request, Response response, int slash, ApiToken token) {
        String uri = request.getRequestURI();
        sightings.recordServed(
                uri.substring(ConfigServlet.PATH.length(), slash),
                uri.substring(slash + 1),
                response.getStatus(),
                response.getHeader(HttpHeaders.ETAG),
                request.getHeader(InstanceHeaders.INSTANCE),
                request.getHeader(InstanceHeaders.LABELS),
                request.getRemoteAddr(),
                token.name());
    }

    /**
     * The head of Tomcat's pipeline for the direct path: a request it answers skips the host,
     * context and wrapper stages and the filter chain; any other passes on untouched. Async
     * supported, as every valve must be for waiting clients to wait.
     */
    static final class Valve extends ValveBase {

        private final ObjectProvider<DirectServing> direct;

        /** The application's, looked up at the first request: the valve is made with the server, before it. */
        private volatile Optional<DirectServing> answering;

        Valve(ObjectProvider<DirectServing> direct) {
            super(true);
            this.direct = direct;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            Optional<DirectServing> found = answering;
            if (found == null) {
                found = Optional.ofNullable(direct.getIfAvailable());
                answering = found;
            }
            DirectServing serving = found.orElse(null);
            boolean answered = serving != null
                    && (request.getDispatcherType() == DispatcherType.ASYNC
                            ? serving.answerFailure(request)
                            : serving.answer(request, response));
            if (!answered) {
                getNext().invoke(request, response);
            }
        }
    }

    /**
     * Adds Spring Security's headers where it adds them, as the body begins (or, for an answer
     * without one, when the servlet is done), so that a client gets the same headers in the same
     * order whichever way its request went.
     */
    static final class Answer extends HttpServletResponseWrapper {

        private final MimeHeaders headers;
        private boolean begun;

        Answer(HttpServletResponse response, MimeHeaders headers) {
            super(response);
            this.headers = headers;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            begin();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            begin();
            return super.getWriter();
        }

        void begin() {
            if (begun || isCommitted()) {
                return;
            }
            begun = true;
            (getStatus() == SC_NOT_MODIFIED ? LATE_HEADERS_NOT_MODIFIED : LATE_HEADERS).addTo(headers);
        }
    }
}
