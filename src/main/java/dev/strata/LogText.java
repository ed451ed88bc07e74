package dev.strata;

/**
 * What a value from outside (a user name, a header, a path, a name from a URL) becomes in a log
 * line. Every character that could end the line or make it read differently from what it holds
 * (C0 and C1 controls, Unicode line and paragraph separators, bidirectional and other format
 * characters) is written as an escape, and a backslash as two, so nobody can forge a log line, such
 * as a sign-in, by choosing what they send. A value with a space, an equals sign or a quote is
 * quoted, so that it cannot add fields such as {@code user=admin} to a {@code key=value} line either.
 */
public final class LogText {

    private LogText() {}

    /** {@code value} as one line of visible text, one field of a {@code key=value} line; null stays null. */
    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        boolean quoted = text.chars().anyMatch(LogText::splits);
        if (!quoted && text.chars().noneMatch(c -> escaped(c) || c == '\\')) {
            return text;
        }
        var line = new StringBuilder(text.length() + 16);
        if (quoted) {
            line.append('"');
        }
        text.chars().forEach(c -> {
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\\' -> line.append("\\\\");
                case '"' -> line.append("\\\"");
                default -> {
                    if (escaped(c)) {
                        line.append(String.format("\\u%04x", c));
                    } else {
                        line.append((char) c);
                    }
                }
            }
        });
        if (quoted) {
            line.append('"');
        }
        return line.toString();
    }

    private static boolean escaped(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.FORMAT -> true;
            default -> false;
        };
    }

    /** What a reader of {@code key=value} lines takes for the end of a value or the start of another. */
    private static boolean splits(int c) {
        return c == '=' || c == '"' || Character.getType(c) == Character.SPACE_SEPARATOR; // others are escaped
    }
}
