package dev.strata.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response, including the pages Vaadin serves outside Spring
 * Security's chain (the login page and its resources). Scripts stay as Vaadin needs them; what
 * can be closed without breaking it is closed: framing, plugins, foreign base URLs and form
 * targets, MIME sniffing and leaking addresses to other sites.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeaders extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY =
            "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        set(response);
        chain.doFilter(request, response);
    }

    /**
     * The headers, as name and value in the order they are set: for an answer given in front of this
     * filter ({@code serving.DirectServing}), which encodes them once.
     */
    public static final List<Map.Entry<String, String>> HEADERS = List.of(
            Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            Map.entry("Referrer-Policy", "same-origin"),
            Map.entry("X-Content-Type-Options", "nosniff"));

    static void set(HttpServletResponse response) {
        for (var header : HEADERS) {
            response.setHeader(header.getKey(), header.getValue());
        }
    }
}
