package io.memoryd.memory.head;

/**
 * Whether a text is one complete JSON value under RFC 8259, as {@code JSON.parse} of the reference accepts
 * it (no comments, no single quotes, no trailing commas; only space, tab, CR and LF as whitespace). The head
 * writer refuses such text: an object or array handed in as MEMORY.md is a caller's mistake (a raw API
 * answer), not Markdown. A recognizer only: it builds nothing. Stateless; thread-safe.
 */
final class JsonText {

    private final String s;
    private int i;

    private JsonText(String s) {
        this.s = s;
    }

    /** True when {@code text} parses as exactly one JSON value. */
    static boolean parses(String text) {
        JsonText p = new JsonText(text);
        try {
            p.space();
            p.value(0);
            p.space();
            return p.i == text.length();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void value(int depth) {
        if (depth > 10_000) {
            throw new IllegalArgumentException("too deep");
        }
        char c = peek();
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
        i++;
        space();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            space();
            string();
            space();
            expect(':');
            space();
            value(depth + 1);
            space();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("object");
            }
        }
    }

    private void array(int depth) {
        i++;
        space();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            space();
            value(depth + 1);
            space();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("array");
            }
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in string");
            }
            if (c == '\\') {
                char e = next();
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(next(), 16) < 0) {
                            throw new IllegalArgumentException("escape");
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException("escape");
                }
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits();
        }
    }

    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("digits");
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw new IllegalArgumentException(word);
        }
        i += word.length();
    }

    private void space() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("end of text");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }
}
