package dev.strata.api;

import java.io.IOException;

/**
 * A request body went past the limit of its endpoint ({@link RequestBodyLimits}). An
 * {@link IOException}, as readers of a stream expect, so that it reaches {@link ApiErrors}
 * through whatever parser met it; answered 413.
 */
class ContentTooLargeException extends IOException {

    private final long limit;

    ContentTooLargeException(long limit) {
        super("The request body is larger than the " + limit + " bytes this endpoint accepts.");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
