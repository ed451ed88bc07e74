package dev.strata.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any API path no endpoint serves: a JSON 404 rather than the web UI's page. */
@RestController
class UnknownEndpoint {

    @RequestMapping({"/api/**", "/config/**"})
    ResponseEntity<ApiError> unknown() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiError.of("not_found", "There is no such endpoint. The API is described in the README."));
    }
}
