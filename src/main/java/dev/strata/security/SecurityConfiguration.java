package dev.strata.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.strata.StrataProperties;
import dev.strata.api.ApiError;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four doors: serving to applications (API tokens), the HTTP API for people (stateless, HTTP
 * Basic, JSON errors, no CSRF tokens because no cookies, but {@link CrossSiteRequestFilter} because
 * browsers remember Basic passwords),
 * Actuator (health open, the rest for admins) and the Vaadin UI (form login and, when an identity
 * provider is configured, OpenID Connect; Vaadin's CSRF).
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    private static final String REALM = "Strata";

    /**
     * No observation of each security filter, authentication and authorization: Strata exports no
     * traces, and these observations (a meter per filter event) cost about a fifth of a served
     * configuration's CPU time. Whole requests are not timed either (application.properties:
     * management.observations.enable.http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * New passwords are hashed with BCrypt at {@code strata.password-strength}; a stored hash is checked by
     * its own prefix and strength, so hashes of another strength, or written by hand in another of Spring
     * Security's formats, keep working.
     */
    @Bean
    PasswordEncoder passwordEncoder(StrataProperties properties) {
        var encoder = new DelegatingPasswordEncoder(
                "bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(properties.passwordStrength())));
        encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return encoder;
    }

    @Bean
    AuthenticationProvider passwordSignIn(
            AccountDirectory accounts, PasswordEncoder passwords, LoginThrottle throttle, OidcProperties oidc) {
        var provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(passwords);
        // a disabled account is refused after its password is checked, so that it costs the time a wrong password does
        provider.setPreAuthenticationChecks(user -> {});
        provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        return new ThrottledAuthenticationProvider(provider, passwords, throttle, oidc.localAccounts());
    }

    /** The serving endpoints take API tokens only, never people's passwords. */
    @Bean
    @Order(0)
    SecurityFilterChain serving(HttpSecurity http, JsonMapper json, TokenDirectory tokens) throws Exception {
        return http.securityMatcher("/api/v1/config/**", "/config/**")
                .authorizeHttpRequests(requests -> requests
                        // the answer to a waiting request is dispatched again; the request was authorized before
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .addFilterAt(new CrossSiteRequestFilter(json), CsrfFilter.class)
                .addFilterBefore(new TokenAuthenticationFilter(tokens, json), BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (request, response, e) -> writeError(
                                        response,
                                        json,
                                        HttpServletResponse.SC_UNAUTHORIZED,
                                        ApiError.of(
                                                "unauthorized",
                                                "Send an API token as 'Authorization: Bearer <token>' or as the password of HTTP Basic.")))
                        .accessDeniedHandler(forbidden(json)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        RequestMatcher gitWebhook =
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/hooks/git");
        return http.securityMatcher("/api/**", "/config/**")
                .authorizeHttpRequests(requests -> requests
                        // a Git host's push webhook has no account; its signature is checked by the endpoint
                        .requestMatchers(gitWebhook)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                // the webhook takes no credentials a browser could add, and GitHub may send it as a form
                .addFilterAt(new CrossSiteRequestFilter(json, gitWebhook), CsrfFilter.class)
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized(json)))
                .exceptionHandling(errors -> errors.accessDeniedHandler(forbidden(json)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuator(HttpSecurity http, JsonMapper json, TokenDirectory tokens) throws Exception {
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .addFilterAt(new CrossSiteRequestFilter(json), CsrfFilter.class)
                // a Prometheus scraper has a token with the scope metrics (as a Bearer token), no account
                .addFilterBefore(new TokenAuthenticationFilter(tokens, json), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health"))
                        .permitAll()
                        .requestMatchers(EndpointRequest.to("prometheus"))
                        .hasAnyAuthority("ROLE_ADMIN", TokenAuthentication.METRICS)
                        .anyRequest()
                        .hasRole("ADMIN"))
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized(json)))
                .exceptionHandling(errors -> errors.accessDeniedHandler(forbidden(json)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain ui(
            HttpSecurity http,
            ObjectProvider<ClientRegistrationRepository> identityProviders,
            OidcProperties oidc,
            AccountDirectory accounts,
            SignInPage signInPage)
            throws Exception {
        // Spring Boot's error page must render for anyone, or an error becomes a detour to the login page
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error")
                .permitAll()
                // the OpenAPI description is public, as the README's API list is: it holds no data
                .requestMatchers(
                        HttpMethod.GET,
                        "/v3/api-docs",
                        "/v3/api-docs.yaml",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**")
                .permitAll());
        http.exceptionHandling(errors -> errors.authenticationEntryPoint(relativeRedirectToSignIn()));
        http.addFilterBefore(new CrossSiteSignIn("/login"), UsernamePasswordAuthenticationFilter.class);
        if (identityProviders.getIfAvailable() != null) {
            http.oauth2Login(login -> login.loginPage("/login")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(new SingleSignOn(oidc, accounts))));
        }
        // Vaadin denies any address that is no route, so a signed-in person got Spring's error page with 403:
        // let it through to Vaadin, whose router answers it with the app's "Page not found" (NotFoundView)
        return http.with(
                        VaadinSecurityConfigurer.vaadin(),
                        vaadin -> vaadin.loginView(signInPage.view())
                                .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated))
                .build();
    }

    /**
     * The way to the login page as a path, not a URL built from the request's Host header, which
     * anyone can choose and which would otherwise come back in the Location of the redirect.
     */
    private static AuthenticationEntryPoint relativeRedirectToSignIn() {
        var entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    // Written directly rather than through sendError, whose /error dispatch would meet the UI's login redirect
    private static AuthenticationEntryPoint unauthorized(JsonMapper json) {
        return (request, response, e) -> writeError(
                response,
                json,
                HttpServletResponse.SC_UNAUTHORIZED,
                ApiError.of("unauthorized", "Sign in with HTTP Basic (your account) to use this endpoint."));
    }

    private static AccessDeniedHandler forbidden(JsonMapper json) {
        return (request, response, e) -> writeError(
                response,
                json,
                HttpServletResponse.SC_FORBIDDEN,
                ApiError.of("forbidden", "You are signed in but may not do this."));
    }

    private static void writeError(HttpServletResponse response, JsonMapper json, int status, ApiError error)
            throws IOException {
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error);
    }
}
