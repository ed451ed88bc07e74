package dev.strata.security;

import dev.strata.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an API token from {@code Authorization: Bearer <token>}, or from the password of HTTP
 * Basic with any user name (how Spring Cloud Config clients send it). A missing or unknown token
 * leaves the request anonymous, which the serving chain answers with 401; an expired one is
 * answered 401 here, saying only that it expired, so that its holder knows to ask for a new one.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final TokenDirectory tokens;
    private final JsonMapper json;

    TokenAuthenticationFilter(TokenDirectory tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request.getHeader("Authorization"));
        if (presented != null) {
            Optional<ApiToken> token;
            try {
                token = tokens.authenticate(presented);
            } catch (CredentialsExpiredException e) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"expired\"");
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                json.writeValue(response.getOutputStream(), ApiError.of("token_expired", e.getMessage()));
                return;
            }
            token.ifPresent(match -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new TokenAuthentication(match));
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
                String decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
