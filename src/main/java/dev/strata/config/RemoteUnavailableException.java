package dev.strata.config;

/**
 * A write could not reach the remote Git repository, or the remote's history is refused; nothing
 * was saved, here or there. The message names the remote (without credentials) and the reason,
 * and is safe to show.
 */
public class RemoteUnavailableException extends StoreException {

    public RemoteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
