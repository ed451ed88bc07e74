package dev.strata.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body by what its endpoint may legally receive, so that nothing (Jackson,
 * Spring's form reading, Vaadin) can take more of a body than that into memory. The body stream
 * counts what is read; a declared {@code Content-Length} over the limit is refused at the first read,
 * before a byte of the body is taken, and a chunked body as soon as it passes the limit. The first
 * read comes after the role checks that precede reading (see {@code editing.RoleBeforeBody}), so a
 * person who may not write is told so (403) whatever the size; the others get 413 as the API's JSON
 * error. Runs first, before Spring Security and Spring's form reading.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimits extends OncePerRequestFilter {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /**
     * A settings PATCH, a change request and a schema each become one file of the repository, which
     * Strata reads up to 4 MiB: their values (keys of at most 200 characters, values of at most 64 KiB)
     * fit in that, and the keys a change unsets in as much again.
     */
    static final long ONE_FILE = 8 * MIB;
    /** Messages and comments of at most 10,000 characters, even JSON-escaped; names, roles, policies. */
    static final long SMALL = 128 * KIB;
    /** Push payloads of the common Git hosts stay far below this ({@code remote.GitWebhookController}). */
    static final long WEBHOOK = MIB;
    /**
     * The web UI: an import of up to 10 MiB characters (documented in the README), pasted or uploaded,
     * as UTF-8 with room for escaped line breaks.
     */
    static final long UI = 32 * MIB;

    private final JsonMapper json;

    RequestBodyLimits(JsonMapper json) {
        this.json = json;
    }

    /** The most {@code path} may receive. */
    static long limit(String path) {
        if (!ApiErrors.covers(path)) {
            return UI;
        }
        String[] segments = path.split("/", -1);
        boolean apps = segments.length > 3
                && segments[1].equals("api")
                && segments[2].equals("v1")
                && segments[3].equals("apps");
        if (apps
                && (segments.length == 4 // POST /api/v1/apps: a schema
                        || segments.length == 6 && segments[5].equals("schema")
                        || segments.length == 8 && segments[5].equals("envs") && segments[7].equals("settings"))) {
            return ONE_FILE;
        }
        if (path.equals("/api/v1/change-requests")) {
            return ONE_FILE;
        }
        if (path.equals("/api/v1/hooks/git")) {
            return WEBHOOK;
        }
        return SMALL;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limit(request.getRequestURI());
        if (!ApiErrors.covers(request.getRequestURI()) && request.getContentLengthLong() > limit) {
            refuse(response, limit); // the UI has no role to check first
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || !tooLarge(e)) {
                throw e;
            }
            refuse(response, limit); // met by a reader outside Spring MVC, which answers it itself
        }
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void refuse(HttpServletResponse response, long limit) throws IOException {
        var answer = ApiErrors.tooLarge(limit);
        response.resetBuffer();
        response.setStatus(answer.status().value());
        // the rest of the body is not worth reading to keep the connection
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), answer.body());
    }

    /** The request, with a body that ends in {@link ContentTooLargeException} past the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;
        private BufferedReader reader;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingStream(super.getInputStream(), limit, getContentLengthLong());
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final long declared;
        private long count;

        CountingStream(ServletInputStream in, long limit, long declared) {
            this.in = in;
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            // never more than one byte past the limit, so that a body is never buffered beyond it
            int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                check(n);
            }
            return n;
        }

        private void check(int read) throws ContentTooLargeException {
            count += read;
            if (declared > limit || count > limit) {
                throw new ContentTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
