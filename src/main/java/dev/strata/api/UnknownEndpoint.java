package dev.strata.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Any API path no endpoint serves: a JSON 404 rather than the web UI's page, or 405 when an
 * endpoint is there but takes other methods (this catch-all would otherwise hide it).
 */
@RestController
class UnknownEndpoint {

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;

    UnknownEndpoint(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @RequestMapping({"/api/**", "/config/**"})
    ResponseEntity<ApiError> unknown(HttpServletRequest request) {
        Set<String> allowed = methodsAt(request);
        if (!allowed.isEmpty()) {
            return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                    .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                    .body(ApiError.of(
                            "method_not_allowed",
                            request.getMethod() + " is not taken here; this endpoint takes "
                                    + String.join(", ", allowed) + "."));
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiError.of("not_found", "There is no such endpoint. The API is described in the README."));
    }

    /** The methods of the other endpoints at the request's path. */
    private Set<String> methodsAt(HttpServletRequest request) {
        Set<String> methods = new TreeSet<>();
        mappings.getObject().getHandlerMethods().forEach((mapping, handler) -> {
            if (handler.getBeanType() != UnknownEndpoint.class
                    && mapping.getPathPatternsCondition() != null
                    && mapping.getPathPatternsCondition().getMatchingCondition(request) != null) {
                mapping.getMethodsCondition().getMethods().forEach(method -> methods.add(method.name()));
            }
        });
        return methods;
    }
}
