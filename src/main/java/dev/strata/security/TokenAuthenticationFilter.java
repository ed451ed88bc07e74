package dev.strata.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads an API token from {@code Authorization: Bearer <token>}, or from the password of HTTP
 * Basic with any user name (how Spring Cloud Config clients send it). A missing or unknown token
 * leaves the request anonymous, which the serving chain answers with 401.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final TokenDirectory tokens;

    TokenAuthenticationFilter(TokenDirectory tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request.getHeader("Authorization"));
        if (presented != null) {
            tokens.authenticate(presented).ifPresent(token -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new TokenAuthentication(token));
                SecurityContextHolder.setContext(context);
            });
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static String presentedToken(String header) {
        if (header == null || header.length() > 4 * TokenDirectory.MAX_TOKEN_LENGTH) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
