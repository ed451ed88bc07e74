package dev.strata.config;

/** An application, environment or revision that does not exist in the repository. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
