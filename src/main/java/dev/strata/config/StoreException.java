package dev.strata.config;

/**
 * The configuration store could not do its work for a reason that is not the caller's input: the
 * data directory is unusable, the disk failed, or the repository stayed busy. The message says what
 * and where.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
