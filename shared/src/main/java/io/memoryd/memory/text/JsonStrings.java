package io.memoryd.memory.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON string literals exactly as the on-disk format writes them (docs/format.md §2.5): only {@code "},
 * {@code \} and control characters are escaped, so non-ASCII text and {@code / < > & ' =} stay verbatim.
 */
public final class JsonStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** Renders {@code s} as a quoted JSON string literal. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Decodes a complete JSON string literal (the whole text, quotes included), as {@code JSON.parse}
     * would; empty when the text is not exactly one valid string literal.
     */
    public static Optional<String> unquote(String literal) {
        int n = literal.length();
        if (n < 2 || literal.charAt(0) != '"' || literal.charAt(n - 1) != '"') {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(n);
        int i = 1;
        while (i < n - 1) {
            char c = literal.charAt(i);
            if (c == '"' || c < 0x20) {
                return Optional.empty();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n - 1) {
                return Optional.empty();
            }
            char e = literal.charAt(i + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 6 > n - 1) {
                        return Optional.empty();
                    }
                    int code = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int d = Character.digit(literal.charAt(k), 16);
                        if (d < 0) {
                            return Optional.empty();
                        }
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return Optional.empty();
                }
            }
            i += 2;
        }
        return Optional.of(out.toString());
    }

    /** Renders a list of strings as a compact JSON array, e.g. {@code ["a","b"]}. */
    public static String array(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }

    /** Parses a compact JSON array of strings as written by {@link #array}; empty list on malformed input. */
    public static List<String> parseArray(String json) {
        List<String> out = new ArrayList<>();
        String t = json.trim();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
            return out;
        }
        int i = 1;
        while (i < t.length() - 1) {
            char c = t.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < t.length() && t.charAt(j) != '"') {
                    j += t.charAt(j) == '\\' ? 2 : 1;
                }
                unquote(t.substring(i, Math.min(j + 1, t.length()))).ifPresent(out::add);
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
