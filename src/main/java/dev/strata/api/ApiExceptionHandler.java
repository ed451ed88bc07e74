package dev.strata.api;

import dev.strata.config.AlreadyExistsException;
import dev.strata.config.ConflictException;
import dev.strata.config.KeyConflict;
import dev.strata.config.NotFoundException;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import dev.strata.secrets.SecretException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns what went wrong into PRODUCT.md's JSON errors with the right status, never a stack trace.
 * Conflicts name keys but carry no values: a value may be a secret, and the client knows its own.
 */
@RestControllerAdvice(basePackages = "dev.strata")
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ApiError> invalid(ValidationException e) {
        List<Map<String, String>> problems = e.problems().stream()
                .map(p -> Map.of("subject", p.subject(), "message", p.message())).toList();
        return error(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", e.getMessage(), Map.of("problems", problems));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiError> conflict(ConflictException e) {
        List<String> keys = e.conflicts().stream().map(KeyConflict::key).map(Object::toString).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", keys);
        if (e.current() != null) {
            details.put("currentRevision", e.current().id());
        }
        return error(HttpStatus.CONFLICT, "conflict", e.getMessage(), details);
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<ApiError> exists(AlreadyExistsException e) {
        return error(HttpStatus.CONFLICT, "already_exists", e.getMessage(), Map.of());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage(), Map.of());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), Map.of());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<ApiError> unreadable(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request",
                "The request could not be read: send JSON as the API describes it.", Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send application/json.", Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage(), Map.of());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return error(status, status.name().toLowerCase(java.util.Locale.ROOT), e.getReason(), Map.of());
    }

    @ExceptionHandler(SecretException.class)
    ResponseEntity<ApiError> secret(SecretException e) {
        log.error("A secret could not be decrypted: {}", e.getMessage());
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "secret_unreadable", e.getMessage(), Map.of());
    }

    @ExceptionHandler(RemoteUnavailableException.class)
    ResponseEntity<ApiError> remote(RemoteUnavailableException e) {
        log.warn("A write did not reach the remote: {}", e.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "remote_unavailable", e.getMessage(), Map.of());
    }

    @ExceptionHandler(StoreException.class)
    ResponseEntity<ApiError> store(StoreException e) {
        log.error("The configuration store failed", e);
        return error(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable",
                "The configuration repository could not do this right now; nothing was changed. Try again.", Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected error in the HTTP API", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on the server; it has been logged.", Map.of());
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message, Map<String, Object> details) {
        // The content type is fixed so that even a client accepting something else (406) learns why
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message, details));
    }
}
