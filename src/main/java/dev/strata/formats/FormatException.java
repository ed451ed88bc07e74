package dev.strata.formats;

/** A file that breaks its format: the first mistake, with its line and column. */
public final class FormatException extends Exception {

    private final transient FormatError error;

    FormatException(int line, int column, String message) {
        this(new FormatError(line, column, message));
    }

    private FormatException(FormatError error) {
        super(error.toString());
        this.error = error;
    }

    /** The first line of a parser's message, without the names of the parser's own settings it may add. */
    static String parserMessage(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).replaceAll(", from `[A-Za-z.()]*`", "");
    }

    public FormatError error() {
        return error;
    }
}
