package dev.strata.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses the sign-in form when a page of another site posts it: that page could otherwise sign a
 * visitor in as the attacker's account (login CSRF), so that what they then type lands under the
 * attacker's name. A form may carry any content type, so only its origin is checked, by the rule of
 * {@link CrossSiteRequestFilter}; people signing in on Strata's own page are same-origin.
 */
final class CrossSiteSignIn extends OncePerRequestFilter {

    private final String signInPath;

    CrossSiteSignIn(String signInPath) {
        this.signInPath = signInPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !signInPath.equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CrossSiteRequestFilter.fromAnotherSite(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Sign in on Strata's own page.");
            return;
        }
        chain.doFilter(request, response);
    }
}
