package dev.strata.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors answered by the servlet container rather than by Strata's code, as the API's JSON error
 * for paths under /api and /config: Tomcat's own refusals before any filter runs (a malformed or
 * {@code %00} address, headers over the limit) and the container's error dispatch to {@code /error}
 * after a {@code sendError}. Other paths keep Spring Boot's error page.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    /** What Tomcat calls headers over {@code server.max-http-request-header-size}, in its own words and locale. */
    private static final String HEADERS_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    /**
     * Runs after Spring Boot's customizer, whose error report valve then sits before this one in the
     * host's pipeline: the inner valve reports first, and the outer one finds the answer written.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiErrorReports(JsonMapper json) {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(
                        context -> context.getParent().getPipeline().addValve(new JsonReports(json)));
            }
        };
    }

    @Bean
    FilterRegistrationBean<Filter> apiErrorPage(JsonMapper json) {
        Filter filter = (request, response, chain) -> {
            var http = (HttpServletRequest) request;
            Object status = http.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            if (ApiErrors.covers((String) http.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
                    && status instanceof Integer code) {
                write((HttpServletResponse) response, json, ApiErrors.ofStatus(code));
            } else {
                chain.doFilter(request, response);
            }
        };
        var registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static void write(HttpServletResponse response, JsonMapper json, ApiErrors.Answer answer)
            throws IOException {
        response.setStatus(answer.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), answer.body());
    }

    /** Tomcat's error report, in JSON for the API; Spring Boot's (status only, no details) elsewhere. */
    static final class JsonReports extends ErrorReportValve {

        private final JsonMapper json;

        JsonReports(JsonMapper json) {
            this.json = json;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            boolean overLimit = throwable != null && HEADERS_TOO_LARGE.equals(throwable.getMessage());
            // A request line too long or malformed is refused before its address is known: whether the
            // API was asked cannot be told, so it gets the JSON error, which every client can read.
            String uri = request.getRequestURI();
            boolean noAddress = uri == null || uri.isEmpty();
            boolean lineTooLong = overLimit && noAddress;
            if (!noAddress && !ApiErrors.covers(uri)) {
                super.report(request, response, throwable);
                return;
            }
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            var ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get() || !response.setErrorReported()) {
                return;
            }
            if (status == HttpServletResponse.SC_BAD_REQUEST && overLimit) {
                status = lineTooLong ? 414 : 431; // Tomcat says 400; RFC 9110 and 6585 have the precise answers
                response.setStatus(status);
            }
            try {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(
                            json.writeValueAsString(ApiErrors.ofStatus(status).body()));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the answer had begun: nothing left to tell it
            }
        }
    }
}
