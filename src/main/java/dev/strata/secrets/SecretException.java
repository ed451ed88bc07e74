package dev.strata.secrets;

/** A secret value that cannot be decrypted: wrong key, a tampered value, or one moved from another key. */
public class SecretException extends RuntimeException {

    public SecretException(String message) {
        super(message);
    }
}
