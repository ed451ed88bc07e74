package dev.strata.formats;

import dev.strata.config.Problem;
import dev.strata.config.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings as a {@code .env} file: one {@code NAME=value} per key, the name as {@link EnvNames}
 * says. A value is written as it is when plain, which a POSIX shell, {@code docker --env-file} and
 * dotenv libraries all read alike; otherwise single-quoted, which shells and dotenv libraries read
 * literally, line breaks included. The reader reads what the writer writes, and also double-quoted
 * values with backslash escapes, {@code export} and comments, as dotenv files have them.
 */
public final class EnvSettings {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]*");

    private EnvSettings() {}

    /**
     * @throws ValidationException when two keys become the same variable, naming both
     */
    public static String write(Map<String, Scalar> settings) {
        List<Problem> clashes = EnvNames.clashes(settings.keySet());
        if (!clashes.isEmpty()) {
            throw new ValidationException(clashes);
        }
        var out = new StringBuilder();
        settings.forEach((key, value) -> out.append(EnvNames.of(key))
                .append('=')
                .append(shellValue(value.text()))
                .append('\n'));
        return out.toString();
    }

    private static String shellValue(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The variables of {@code text}, by name. */
    public static Reading read(String text) {
        var collector = new SettingsCollector();
        new Lines(text, collector).read();
        return collector.reading();
    }

    /** A cursor over the text: quoted values may run over several lines. */
    private static final class Lines {

        private final String text;
        private final SettingsCollector collector;
        private int at;
        private int line = 1;
        private int lineStart;

        Lines(String text, SettingsCollector collector) {
            this.text = text;
            this.collector = collector;
        }

        void read() {
            while (at < text.length()) {
                int start = line;
                try {
                    entry();
                } catch (FormatException e) {
                    collector.error(e.error());
                    skipLine();
                }
                if (line == start && at < text.length()) {
                    skipLine();
                }
            }
        }

        private void entry() throws FormatException {
            skipBlanks();
            if (at >= text.length() || peek() == '\n' || peek() == '\r' || peek() == '#') {
                return;
            }
            if (text.startsWith("export ", at)) {
                at += "export ".length();
                skipBlanks();
            }
            int nameLine = line;
            int nameColumn = column();
            int nameStart = at;
            while (at < text.length() && peek() != '=' && peek() != '\n' && peek() != '\r') {
                at++;
            }
            if (at >= text.length() || peek() != '=') {
                throw new FormatException(nameLine, nameColumn, "expected NAME=value");
            }
            String name = text.substring(nameStart, at).strip();
            at++;
            skipBlanks();
            String value = value();
            collector.put(name, value, nameLine, nameColumn);
            skipBlanks();
            if (at < text.length() && peek() != '#' && peek() != '\n' && peek() != '\r') {
                throw new FormatException(line, column(), "unexpected text after the value; quote a value with spaces");
            }
        }

        /** A quoted value (quoted parts may follow one another, as in a shell), or the plain rest of the line. */
        private String value() throws FormatException {
            if (at >= text.length() || peek() != '\'' && peek() != '"') {
                int start = at;
                while (at < text.length()
                        && peek() != '\n'
                        && peek() != '\r'
                        && !(peek() == '#' && at > start && Character.isWhitespace(text.charAt(at - 1)))) {
                    at++;
                }
                return text.substring(start, at).strip();
            }
            var value = new StringBuilder();
            while (at < text.length()) {
                char c = peek();
                if (c == '\'') {
                    singleQuoted(value);
                } else if (c == '"') {
                    doubleQuoted(value);
                } else if (c == '\\' && at + 1 < text.length() && text.charAt(at + 1) == '\'') {
                    value.append('\'');
                    at += 2;
                } else {
                    break;
                }
            }
            return value.toString();
        }

        private void singleQuoted(StringBuilder value) throws FormatException {
            int openLine = line;
            int openColumn = column();
            at++;
            while (at < text.length() && peek() != '\'') {
                value.append(advance());
            }
            if (at >= text.length()) {
                throw new FormatException(openLine, openColumn, "the single quote opened here is never closed");
            }
            at++;
        }

        private void doubleQuoted(StringBuilder value) throws FormatException {
            int openLine = line;
            int openColumn = column();
            at++;
            while (at < text.length() && peek() != '"') {
                char c = advance();
                if (c == '\\' && at < text.length()) {
                    char next = advance();
                    value.append(
                            switch (next) {
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case 't' -> '\t';
                                default -> next;
                            });
                } else {
                    value.append(c);
                }
            }
            if (at >= text.length()) {
                throw new FormatException(openLine, openColumn, "the double quote opened here is never closed");
            }
            at++;
        }

        private char peek() {
            return text.charAt(at);
        }

        /** The next character, counting lines. */
        private char advance() {
            char c = text.charAt(at++);
            if (c == '\n') {
                line++;
                lineStart = at;
            }
            return c;
        }

        private int column() {
            return at - lineStart + 1;
        }

        private void skipBlanks() {
            while (at < text.length() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        private void skipLine() {
            while (at < text.length() && peek() != '\n') {
                at++;
            }
            if (at < text.length()) {
                advance();
            }
        }
    }
}
