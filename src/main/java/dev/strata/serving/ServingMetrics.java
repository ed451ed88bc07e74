package dev.strata.serving;

import dev.strata.api.WhenAnswered;
import dev.strata.formats.FileFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts served configurations by format and status ({@code strata_served_requests_total}), refusals
 * included, and shows how many clients wait for a change ({@code strata_watchers}). A filter around
 * Spring Security, so that a 401 or 403 is counted too; a waiting request is counted when it is
 * answered. Spring's own {@code http.server.requests} stays off: it costs the hot path more (see
 * application.properties).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ServingMetrics extends OncePerRequestFilter {

    static final String SERVED = "strata.served.requests";

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ServingMetrics(MeterRegistry meters, ConfigWatch watch) {
        this.meters = meters;
        Gauge.builder("strata.watchers", watch, ConfigWatch::waiting)
                .description("Clients waiting for a change of their configuration (?wait=N)")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(ConfigServlet.PATH) && !path.startsWith("/config/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new WhenAnswered(() -> count(request, response)));
            } else {
                count(request, response);
            }
        }
    }

    /** Counts an answered request; also called by {@link DirectServing}, which answers in front of this filter. */
    void count(HttpServletRequest request, HttpServletResponse response) {
        String format = format(request, response);
        String status = Integer.toString(response.getStatus());
        counters.computeIfAbsent(
                        format + " " + status,
                        key -> Counter.builder(SERVED)
                                .description("Configuration requests answered, by format and status")
                                .tag("format", format)
                                .tag("status", status)
                                .register(meters))
                .increment();
    }

    /**
     * The format asked for, from a short known list so that a client cannot grow the number of
     * series: the {@code format} parameter, else the served type, else {@code none}.
     */
    private static String format(HttpServletRequest request, HttpServletResponse response) {
        if (request.getRequestURI().startsWith("/config/")) {
            return "spring-cloud-config";
        }
        String asked = request.getParameter("format");
        if (asked != null) {
            String lower = asked.toLowerCase(Locale.ROOT);
            return FileFormat.named(lower).isPresent()
                            || ManifestServing.Kind.named(lower).isPresent()
                    ? lower
                    : "unknown";
        }
        String type = response.getContentType();
        if (response.getStatus() >= 400 || type == null) {
            return "none";
        }
        for (FileFormat format : FileFormat.values()) {
            if (type.startsWith(format.mediaType())) {
                return format.name().toLowerCase(Locale.ROOT);
            }
        }
        return "none";
    }
}
