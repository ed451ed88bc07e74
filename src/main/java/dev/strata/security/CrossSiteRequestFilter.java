package dev.strata.security;

import dev.strata.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What stands in for CSRF tokens on the routes that take HTTP Basic without a session (the API,
 * serving, Actuator). A browser remembers a Basic password and sends it with any request to the
 * same server, also one that a page on another site makes; so a request that changes something
 * (every method but GET, HEAD, OPTIONS and TRACE) is refused when it could come from such a page:
 * <ul>
 * <li>{@code 403 cross_site} when the browser says so: {@code Sec-Fetch-Site} other than
 * {@code same-origin} or {@code none} (a page on another port of the same host is
 * {@code same-site}), or an {@code Origin} other than this server's own. Current browsers send
 * both with every cross-origin POST, also one without a body; curl and scripts send neither.
 * <li>{@code 415 unsupported_media_type} for a body that is not JSON. An HTML form always
 * declares its content type, and can declare only {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} or {@code text/plain}; a page that sends JSON across sites needs the
 * server's consent (a CORS preflight), which Strata never gives. A request without any
 * {@code Content-Type} is let through: no form sends one, and curl sends none for a POST without a
 * body, which is how the actions that take no body (approve, merge, revert, ...) are called.
 * </ul>
 * It runs before authentication, so that such a request does not even count as a sign-in attempt.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> SAME_ORIGIN_FETCHES = Set.of("same-origin", "none");

    private final JsonMapper json;
    private final RequestMatcher exempt;

    /** {@code exempt}: requests that carry no credentials of a browser, so that a page gains nothing by sending them. */
    CrossSiteRequestFilter(JsonMapper json, RequestMatcher exempt) {
        this.json = json;
        this.exempt = exempt;
    }

    CrossSiteRequestFilter(JsonMapper json) {
        this(json, request -> false);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod()) || exempt.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (fromAnotherSite(request)) {
            refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    ApiError.of(
                            "cross_site",
                            "Requests that change something"
                                    + " are refused from pages on other sites. Call the API from curl, a script or an application."));
        } else if (!json(request.getContentType())) {
            refuse(
                    response,
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    ApiError.of(
                            "unsupported_media_type",
                            "Send application/json, or no Content-Type at all for an action without a body."));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Whether the browser says that a page of another site (another origin) started {@code request}. */
    static boolean fromAnotherSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !SAME_ORIGIN_FETCHES.contains(fetchSite.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin.strip(), request);
    }

    /**
     * Whether {@code origin} is this server as the request reached it; behind a proxy, its scheme,
     * host and port come from the forwarded headers when {@code server.forward-headers-strategy} is set.
     */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        return uri.getScheme().equalsIgnoreCase(request.getScheme())
                && bare(uri.getHost()).equalsIgnoreCase(bare(request.getServerName()))
                && port(uri.getScheme(), uri.getPort()) == port(request.getScheme(), request.getServerPort());
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application")
                    && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private void refuse(HttpServletResponse response, int status, ApiError error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error);
    }
}
