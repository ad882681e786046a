package io.memoryd.memory.text;

/**
 * The whitespace set of JavaScript's {@code \s}, {@code trim()} and {@code trimEnd()}, which the on-disk
 * format and the projection text were defined with (docs/format.md §9.2). Java's own {@code \s}, {@code strip()} and
 * {@code Character.isWhitespace} use different sets, so every trim and whitespace split goes through here.
 */
public final class JsWhitespace {

    /** A regex character class matching exactly one character of the set; usable inside larger patterns. */
    public static final String CLASS =
            "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";

    private JsWhitespace() {
    }

    /** Whether {@code c} belongs to the JavaScript whitespace set. */
    public static boolean isWhitespace(char c) {
        return (c >= '\t' && c <= '\r')
                || c == ' '
                || c == '\u00A0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202F'
                || c == '\u205F'
                || c == '\u3000'
                || c == '\uFEFF';
    }

    /** JavaScript {@code trim()}. */
    public static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** JavaScript {@code trimEnd()}. */
    public static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** True for null or a string that is empty after {@link #trim}. */
    public static boolean isBlank(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Number of non-empty pieces of {@code s.split(/\s+/)}. */
    public static int countWords(String s) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = isWhitespace(s.charAt(i));
            if (!ws && !inWord) {
                words++;
            }
            inWord = !ws;
        }
        return words;
    }

    /** Removes every character of the set. */
    public static String removeAll(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
