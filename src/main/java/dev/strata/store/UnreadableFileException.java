package dev.strata.store;

/** A file in the repository whose content breaks the format; the message says how, never what it holds. */
final class UnreadableFileException extends Exception {

    UnreadableFileException(String message) {
        super(message);
    }
}
