package dev.strata;

/**
 * What a value from outside (a user name, a header, a path, a name from a URL) becomes in a log
 * line. Every character that could end the line or make it read differently from what it holds
 * (C0 and C1 controls, Unicode line and paragraph separators, bidirectional and other format
 * characters) is written as an escape, so nobody can forge a log line, such as a sign-in, by
 * choosing what they send.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code value} as one line of visible text; null stays null. */
    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.chars().noneMatch(LogText::escaped)) {
            return text;
        }
        var line = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (escaped(c)) {
                        line.append(String.format("\\u%04x", c));
                    } else {
                        line.append((char) c);
                    }
                }
            }
        });
        return line.toString();
    }

    private static boolean escaped(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.FORMAT -> true;
            default -> false;
        };
    }
}
