package dev.strata.api;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers what went wrong in Strata's controllers with {@link ApiErrors}. */
@RestControllerAdvice(basePackages = "dev.strata")
class ApiExceptionHandler {

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> failed(Exception e) {
        if (ApiErrors.clientGone(e)) {
            return null; // nobody is left to answer, and a client hanging up is no error of the server's
        }
        var answer = ApiErrors.of(e);
        // The content type is fixed so that even a client accepting something else (406) learns why
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }
}
