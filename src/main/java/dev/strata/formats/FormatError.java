package dev.strata.formats;

/**
 * One mistake in a settings file, where it is.
 *
 * @param line    the line, from 1; 0 when the problem concerns the whole text
 * @param column  the column, from 1; 0 when not known
 * @param message what is wrong, never quoting a value (it may be a secret)
 */
public record FormatError(int line, int column, String message) {

    /** Where the mistake is, as a person reads it: {@code line 3, column 7}; empty for the whole text. */
    public String where() {
        if (line <= 0) {
            return "";
        }
        return column > 0 ? "line " + line + ", column " + column : "line " + line;
    }

    @Override
    public String toString() {
        return line <= 0 ? message : where() + ": " + message;
    }
}
