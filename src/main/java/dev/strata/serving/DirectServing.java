package dev.strata.serving;

import dev.strata.instances.InstanceHeaders;
import dev.strata.instances.Sightings;
import dev.strata.security.ApiToken;
import dev.strata.security.SecurityHeaders;
import dev.strata.security.TokenSignIn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

/**
 * The direct path of {@code GET /api/v1/config/{app}/{env}} with a valid API token, the request
 * every application polls: answered in front of every other filter, by {@link ConfigServlet}, with
 * what those filters would have added (the security headers, the served-requests metric, the
 * instance's sighting) and without what they do for other requests. Profiled with JFR under wrk,
 * Spring Security's filter chain, Spring Boot's other filters (encoding, form content, request
 * context, observation) and the filters' own bookkeeping took about two fifths of a served
 * configuration's CPU time (bench/serving/README.md).
 * <p>
 * Anything else goes the general way, through Spring Security's serving chain, which answers it as
 * before: a missing, unknown or expired token (401), another method, a waiting request
 * ({@code ?wait=N}), and any address, query or header that Spring Security's firewall would look at
 * twice (encoded or unusual characters, control characters). The token and its scope are checked
 * on the server by the same rules either way: {@link TokenSignIn} and the servlet's scope check.
 */
final class DirectServing implements Filter {

    /**
     * What Spring Security's header writers add as the answer begins, in their order; the cache
     * headers (the middle three) are left out of a 304, as Spring Security leaves them out.
     */
    private static final String[][] LATE_HEADERS = {
        {"X-XSS-Protection", "0"},
        {HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate"},
        {HttpHeaders.PRAGMA, "no-cache"},
        {HttpHeaders.EXPIRES, "0"},
        {"X-Frame-Options", "DENY"}
    };

    /** The headers the servlet reads, which the firewall would check when they are read. */
    private static final String[] HEADERS_READ = {
        HttpHeaders.AUTHORIZATION,
        HttpHeaders.ACCEPT,
        HttpHeaders.IF_NONE_MATCH,
        InstanceHeaders.INSTANCE,
        InstanceHeaders.LABELS
    };

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

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<DirectServing> directServing(
                ServletRegistrationBean<ConfigServlet> configServlet,
                TokenSignIn signIn,
                ServingMetrics metrics,
                Sightings sightings) {
            var registration = new FilterRegistrationBean<>(
                    new DirectServing(configServlet.getServlet(), signIn, metrics, sightings));
            registration.addUrlPatterns(ConfigServlet.PATH + "*");
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.setAsyncSupported(true); // a waiting request passes on to the servlet
            return registration;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        int slash = direct(request);
        if (slash < 0) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiToken> token = signIn.signIn(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            SecurityHeaders.set(response);
            var answer = new LateHeaders(response);
            servlet.service(request, answer);
            answer.begin(); // an answer without a body: a 304
            see(request, response, slash, token.get());
        } finally {
            signIn.signOut();
            metrics.count(request, response);
        }
    }

    /**
     * Where the environment starts in the address of a request the direct path answers, or -1 for
     * one it leaves to the general way.
     */
    private static int direct(HttpServletRequest request) {
        String method = request.getMethod();
        if (request.getDispatcherType() != DispatcherType.REQUEST
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
        if (query != null && (!plain(query, 0, query.length(), "-._=&") || request.getParameter("wait") != null)) {
            return -1;
        }
        for (String name : HEADERS_READ) {
            if (!printable(request.getHeader(name))) {
                return -1;
            }
        }
        return slash;
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

    /** Whether a header's value has no control character, which Spring Security's firewall refuses. */
    private static boolean printable(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                return false;
            }
        }
        return true;
    }

    /** The sighting of the instance the request names, by the rule {@code instances.SightingFilter} follows too. */
    private void see(HttpServletRequest request, HttpServletResponse response, int slash, ApiToken token) {
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
     * Adds Spring Security's headers where it adds them, as the body begins (or, for an answer
     * without one, when the servlet is done), so that a client gets the same headers in the same
     * order whichever way its request went.
     */
    private static final class LateHeaders extends HttpServletResponseWrapper {

        private boolean begun;

        LateHeaders(HttpServletResponse response) {
            super(response);
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
            boolean notModified = getStatus() == SC_NOT_MODIFIED;
            for (int i = 0; i < LATE_HEADERS.length; i++) {
                if (!notModified || i == 0 || i == LATE_HEADERS.length - 1) {
                    setHeader(LATE_HEADERS[i][0], LATE_HEADERS[i][1]);
                }
            }
        }
    }
}
