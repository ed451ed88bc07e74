package dev.strata.api;

import dev.strata.config.AlreadyExistsException;
import dev.strata.config.ConfigUnreadableException;
import dev.strata.config.ConflictException;
import dev.strata.config.KeyConflict;
import dev.strata.config.NotFoundException;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.StoreException;
import dev.strata.config.ValidationException;
import dev.strata.secrets.SecretException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Turns what went wrong into PRODUCT.md's JSON errors with the right status, never a stack trace,
 * for the controllers ({@link ApiExceptionHandler}) and the servlet that serves configurations
 * alike. Conflicts name keys but carry no values: a value may be a secret, and the client knows
 * its own.
 */
public final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** An error answer: its status and its body. */
    public record Answer(HttpStatus status, ApiError body) {}

    private ApiErrors() {}

    /** Whether answers to {@code path} follow the API's error contract: everything under /api and /config. */
    static boolean covers(String path) {
        return path != null
                && (path.startsWith("/api/")
                        || path.startsWith("/config/")
                        || path.equals("/api")
                        || path.equals("/config"));
    }

    /** Whether {@code failure} only says that the client hung up while it was being answered. */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AsyncRequestNotUsableException || t instanceof ClientAbortException) {
                return true;
            }
        }
        return false;
    }

    /** The answer to {@code failure}; what Strata did not foresee is logged and answered without detail. */
    public static Answer of(Exception failure) {
        ContentTooLargeException tooLarge = tooLarge(failure);
        if (tooLarge != null) {
            return tooLarge(tooLarge.limit());
        }
        return switch (failure) {
            case ValidationException e ->
                new Answer(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        new ApiError(
                                "invalid",
                                e.getMessage(),
                                Map.of(
                                        "problems",
                                        e.problems().stream()
                                                .map(p -> Map.of("subject", p.subject(), "message", p.message()))
                                                .toList())));
            case ConflictException e -> conflict(e);
            case AlreadyExistsException e -> answer(HttpStatus.CONFLICT, "already_exists", e.getMessage());
            case NotFoundException e -> answer(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
            case AccessDeniedException e -> answer(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
            // a header value the firewall refuses, found when an endpoint reads it: the client's mistake
            case RequestRejectedException e -> refused();
            case HttpMessageNotReadableException e -> unreadable(e);
            case MissingServletRequestParameterException e -> unreadable();
            case MethodArgumentTypeMismatchException e -> unreadable();
            case HttpMediaTypeNotSupportedException e ->
                answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send application/json.");
            case HttpMediaTypeNotAcceptableException e -> notAcceptable();
            // Tomcat's: a query or form it cannot decode (400), or too many parameters (413)
            case InvalidParameterException e -> ofStatus(e.getErrorCode());
            case HttpRequestMethodNotSupportedException e ->
                answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage());
            case ResponseStatusException e -> {
                HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
                yield answer(status, status.name().toLowerCase(Locale.ROOT), e.getReason());
            }
            case SecretException e -> {
                log.error("A secret could not be decrypted: {}", e.getMessage());
                yield answer(HttpStatus.INTERNAL_SERVER_ERROR, "secret_unreadable", e.getMessage());
            }
            case RemoteUnavailableException e -> {
                log.warn("A write did not reach the remote: {}", e.getMessage());
                yield answer(HttpStatus.SERVICE_UNAVAILABLE, "remote_unavailable", e.getMessage());
            }
            case ConfigUnreadableException e -> {
                // one line per request: clients poll, and the cause is in the repository, not in the code
                log.warn("Not served: {}", e.getMessage());
                yield answer(HttpStatus.SERVICE_UNAVAILABLE, "config_unreadable", e.getMessage());
            }
            case StoreException e -> {
                log.error("The configuration store failed", e);
                yield answer(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "store_unavailable",
                        "The configuration repository could not do this right now; nothing was changed. Try again.");
            }
            default -> {
                log.error("Unexpected error in the HTTP API", failure);
                yield answer(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal_error",
                        "Something went wrong on the server; it has been logged.");
            }
        };
    }

    /**
     * The answer to a request refused with {@code status} before any of Strata's code saw it (by
     * Tomcat, or the servlet container's error dispatch): only the status is known.
     */
    static Answer ofStatus(int status) {
        return switch (status) {
            case 400 -> unreadable();
            case 404 ->
                answer(
                        HttpStatus.NOT_FOUND,
                        "not_found",
                        "There is no such endpoint. The API is described in the README.");
            case 405 ->
                answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "This endpoint does not take this method.");
            case 406 -> notAcceptable();
            case 413 ->
                answer(HttpStatus.CONTENT_TOO_LARGE, "too_large", "The request body is too large for this endpoint.");
            case 414 -> answer(HttpStatus.URI_TOO_LONG, "uri_too_long", "The request's address is too long.");
            case 431 ->
                answer(
                        HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "headers_too_large",
                        "The request's headers are too large; they may have at most 8 KB together.");
            // a client's mistake although 5xx: no server error to log or to claim
            case 505 ->
                answer(
                        HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
                        "http_version_not_supported",
                        "Strata speaks HTTP/1.1 and HTTP/1.0.");
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null || known.is5xxServerError()
                        ? new Answer(
                                known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known,
                                ApiError.of(
                                        "internal_error", "Something went wrong on the server; it has been logged."))
                        : answer(known, known.name().toLowerCase(Locale.ROOT), known.getReasonPhrase() + ".");
            }
        };
    }

    /** The answer to a body over the {@code limit} of its endpoint. */
    static Answer tooLarge(long limit) {
        return new Answer(
                HttpStatus.CONTENT_TOO_LARGE,
                new ApiError(
                        "too_large",
                        "The request body is larger than the " + limit + " bytes this endpoint accepts.",
                        Map.of("limit", limit)));
    }

    /** A body over its limit, however deep the reader that met it wrapped the failure. */
    private static ContentTooLargeException tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentTooLargeException e) {
                return e;
            }
        }
        return null;
    }

    private static Answer notAcceptable() {
        return answer(
                HttpStatus.NOT_ACCEPTABLE,
                "not_acceptable",
                "None of the types in the Accept header is served here; this endpoint answers application/json.");
    }

    private static Answer conflict(ConflictException e) {
        List<String> keys = e.conflicts().stream()
                .map(KeyConflict::key)
                .map(Object::toString)
                .toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", keys);
        if (e.current() != null) {
            details.put("currentRevision", e.current().id());
        }
        return new Answer(HttpStatus.CONFLICT, new ApiError("conflict", e.getMessage(), details));
    }

    /** JSON that breaks the syntax says where; only a duplicate key is named, as other messages may quote a value. */
    private static Answer unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof StreamReadException broken && broken.getLocation() != null) {
            String what = broken.getOriginalMessage() != null
                            && broken.getOriginalMessage().startsWith("Duplicate Object property")
                    ? broken.getOriginalMessage().lines().findFirst().orElse("")
                    : "not valid JSON";
            return answer(
                    HttpStatus.BAD_REQUEST,
                    "bad_request",
                    "The request could not be read: " + what + " at line "
                            + broken.getLocation().getLineNr() + ", column "
                            + broken.getLocation().getColumnNr() + ".");
        }
        return unreadable();
    }

    /** A request Spring Security's firewall refuses: its address or a header it holds. */
    static Answer refused() {
        return answer(
                HttpStatus.BAD_REQUEST,
                "bad_request",
                "The request was refused: its address or one of its headers holds characters that are not allowed.");
    }

    private static Answer unreadable() {
        return answer(
                HttpStatus.BAD_REQUEST,
                "bad_request",
                "The request could not be read: send JSON as the API describes it.");
    }

    private static Answer answer(HttpStatus status, String code, String message) {
        return new Answer(status, ApiError.of(code, message));
    }
}
