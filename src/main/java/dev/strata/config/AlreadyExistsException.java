package dev.strata.config;

/** Creating something (an application) that is already there. */
public class AlreadyExistsException extends RuntimeException {

    public AlreadyExistsException(String message) {
        super(message);
    }
}
