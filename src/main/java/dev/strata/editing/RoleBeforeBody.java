package dev.strata.editing;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses the writes with large bodies (a settings PATCH, a schema) of people who may not make them
 * before their body is read, so that reading up to its limit costs nothing to someone who could
 * never have written it. The rules are the services', which apply them again once the body is read.
 */
@Component
class RoleBeforeBody implements HandlerInterceptor, WebMvcConfigurer {

    private final SettingsService settings;
    private final SchemaService schemas;
    private final ApplicationsService applications;

    RoleBeforeBody(SettingsService settings, SchemaService schemas, ApplicationsService applications) {
        this.settings = settings;
        this.schemas = schemas;
        this.applications = applications;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/apps", "/api/v1/apps/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Class<?> controller = method.getBeanType();
        String verb = request.getMethod();
        if (controller == SettingsController.class && verb.equals("PATCH")) {
            @SuppressWarnings("unchecked")
            var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            settings.checkMayChange(new AppName(variables.get("app")), new EnvName(variables.get("env")));
        } else if (controller == SchemaController.class && verb.equals("PUT")) {
            @SuppressWarnings("unchecked")
            var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String refusal = schemas.editRefusal(new AppName(variables.get("app")));
            if (refusal != null) {
                throw new AccessDeniedException(refusal);
            }
        } else if (controller == ApplicationsController.class && verb.equals("POST") && !applications.mayCreate()) {
            throw new AccessDeniedException("Only admins create applications.");
        }
        return true;
    }
}
