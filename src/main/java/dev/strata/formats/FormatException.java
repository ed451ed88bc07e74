package dev.strata.formats;

/** A file that breaks its format: the first mistake, with its line and column. */
public final class FormatException extends Exception {

    private final transient FormatError error;

    FormatException(FormatError error) {
        super(error.toString());
        this.error = error;
    }

    FormatException(int line, int column, String message) {
        this(new FormatError(line, column, message));
    }

    public FormatError error() {
        return error;
    }
}
