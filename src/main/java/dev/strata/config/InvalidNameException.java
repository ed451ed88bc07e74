package dev.strata.config;

/**
 * A name (application, environment or key) that breaks the naming rules of PRODUCT.md; the
 * message says which rule.
 */
public class InvalidNameException extends ValidationException {

    public InvalidNameException(String subject, String message) {
        super(subject, message);
    }
}
