package dev.strata.api;

import java.util.Map;

/**
 * The body of every error answer of the HTTP API, as PRODUCT.md fixes it:
 * {@code {error, message, details}}. {@code error} is a stable machine-readable code,
 * {@code message} a sentence for people, {@code details} anything specific (keys, fields).
 */
public record ApiError(String error, String message, Map<String, Object> details) {

    public ApiError {
        details = details == null ? Map.of() : details;
    }

    public static ApiError of(String error, String message) {
        return new ApiError(error, message, Map.of());
    }
}
