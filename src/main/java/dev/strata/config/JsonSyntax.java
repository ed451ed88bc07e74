package dev.strata.config;

import org.jspecify.annotations.Nullable;

/**
 * Checks that a value is one well-formed JSON text (RFC 8259) without building it. Nesting is
 * bounded so that a hostile value cannot exhaust the stack.
 */
final class JsonSyntax {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /** Returns what is wrong with {@code text} as JSON, or null when it is valid. */
    static @Nullable String problem(String text) {
        JsonSyntax syntax = new JsonSyntax(text);
        try {
            syntax.skipSpace();
            syntax.value(0);
            syntax.skipSpace();
            if (syntax.pos != text.length()) {
                throw syntax.error("unexpected text after the JSON value");
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "expected JSON: " + e.getMessage();
        }
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        members('}', () -> {
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            string();
            skipSpace();
            expect(':');
            skipSpace();
            value(depth + 1);
        });
    }

    private void array(int depth) {
        members(']', () -> value(depth + 1));
    }

    /** The comma-separated members of an object or array, after its opening bracket, up to {@code close}. */
    private void members(char close, Runnable member) {
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            member.run();
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(close);
                return;
            }
        }
    }

    private void string() {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c == '\\') {
                char e = peek();
                pos++;
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(peek(), 16) < 0) {
                            throw error("bad \\u escape");
                        }
                        pos++;
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw error("bad escape");
                }
            }
        }
        throw error("unterminated string");
    }

    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
        if (pos == start) {
            throw error("unexpected character");
        }
    }

    private void digits() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("expected a digit");
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character");
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + (pos + 1));
    }
}
