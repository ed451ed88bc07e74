package dev.strata.instances;

import dev.strata.api.WhenAnswered;
import dev.strata.security.ApiToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records a sighting for every configuration served (200 or 304) on the serving endpoints, after
 * the answer is made and without touching it: the revision comes from the answer's ETag (or, for
 * Spring Cloud Config, from {@link Sightings#SERVED_REVISION}). A waiting request ({@code ?wait=N})
 * is recorded when it is answered. Refused requests are not recorded, so a token learns nothing
 * and fills nothing beyond its scope.
 */
final class SightingFilter extends OncePerRequestFilter {

    private static final String CONFIG = "/api/v1/config/";
    private static final String SPRING_CLOUD_CONFIG = "/config/";
    private static final String DEFAULT_PROFILE = "default";

    private final Sightings sightings;

    SightingFilter(Sightings sightings) {
        this.sightings = sightings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the token is known now; an answer given later by the watch thread has no security context
        String token = SecurityContextHolder.getContext().getAuthentication() != null
                        && SecurityContextHolder.getContext()
                                        .getAuthentication()
                                        .getPrincipal()
                                instanceof ApiToken t
                ? t.name()
                : null;
        chain.doFilter(request, response);
        if (token == null) {
            return;
        }
        if (request.isAsyncStarted()) {
            try {
                Asked asked = Asked.of(request);
                request.getAsyncContext().addListener(new WhenAnswered(() -> record(asked, request, response, token)));
                return;
            } catch (IllegalStateException answeredAlready) {
                // the watch answered before the listener could be added: the answer is there to read
            }
        }
        record(request, response, token);
    }

    private void record(HttpServletRequest request, HttpServletResponse response, String token) {
        if (response.getStatus() != HttpServletResponse.SC_OK
                && response.getStatus() != HttpServletResponse.SC_NOT_MODIFIED) {
            // nothing to record; and the headers of a request refused for one of them must not be read again
            return;
        }
        record(Asked.of(request), request, response, token);
    }

    /**
     * What a request asked for and who asked, read from the request once: for a waiting request,
     * when it starts waiting, so that the thousands answered at once after a change are not read
     * through the request's wrappers then (JFR, 10,000 waiters: 8 % of the delivery's CPU time).
     */
    private record Asked(String path, String instance, String labels, String address) {

        static Asked of(HttpServletRequest request) {
            // decoded, as the endpoints read it
            return new Asked(
                    request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()),
                    request.getHeader(InstanceHeaders.INSTANCE),
                    request.getHeader(InstanceHeaders.LABELS),
                    request.getRemoteAddr());
        }
    }

    private void record(Asked asked, HttpServletRequest request, HttpServletResponse response, String token) {
        String path = asked.path();
        String instance = asked.instance();
        String labels = asked.labels();
        String address = asked.address();
        int status = response.getStatus();
        if (path.startsWith(CONFIG)) {
            int slash = path.indexOf('/', CONFIG.length());
            if (slash > 0) {
                sightings.recordServed(
                        path.substring(CONFIG.length(), slash),
                        path.substring(slash + 1),
                        status,
                        response.getHeader("ETag"),
                        instance,
                        labels,
                        address,
                        token);
            }
        } else if (status != HttpServletResponse.SC_OK && status != HttpServletResponse.SC_NOT_MODIFIED) {
            return;
        } else if (path.startsWith(SPRING_CLOUD_CONFIG)
                && request.getAttribute(Sightings.SERVED_REVISION) instanceof String revision) {
            // /config/{app}/{profiles}[/{label}]: each profile but Spring's default is an environment
            String[] segments = path.substring(SPRING_CLOUD_CONFIG.length()).split("/");
            for (String profile : segments[1].split(",")) {
                String env = profile.strip();
                if (!env.isEmpty() && !env.equals(DEFAULT_PROFILE)) {
                    sightings.record(segments[0], env, instance, labels, revision, address, token);
                }
            }
        }
    }
}
