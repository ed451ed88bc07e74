package dev.strata.config;

/**
 * A configuration that cannot be served because its file in the repository cannot be read (pushed
 * by hand with plain Git). Not a failure of the store: nothing changes until someone repairs the
 * file, so the message says what to repair rather than to try again.
 */
public class ConfigUnreadableException extends StoreException {

    public ConfigUnreadableException(String message) {
        super(message);
    }
}
