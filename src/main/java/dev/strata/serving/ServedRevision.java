package dev.strata.serving;

import dev.strata.instances.Sightings;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Tells the sightings which revision a Spring Cloud Config answer carries: it has no ETag, the
 * revision is the document's {@code version}.
 */
@ControllerAdvice(assignableTypes = SpringCloudConfigController.class)
class ServedRevision implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.getParameterType() == SpringCloudConfigController.Environment.class;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof SpringCloudConfigController.Environment environment
                && request instanceof ServletServerHttpRequest servlet) {
            servlet.getServletRequest().setAttribute(Sightings.SERVED_REVISION, environment.version());
        }
        return body;
    }
}
