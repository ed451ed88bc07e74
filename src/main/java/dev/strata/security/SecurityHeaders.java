package dev.strata.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    /** Sets the headers, for an answer given in front of this filter ({@code serving.DirectServing}). */
    public static void set(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }
}
