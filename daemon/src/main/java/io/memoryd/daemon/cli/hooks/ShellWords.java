package io.memoryd.daemon.cli.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX {@code sh} words: quoting a value so that the shell passes it through as one word, and splitting a
 * command line back into its words (to read the socket and agent out of an installed hook). The split knows
 * quoting only: single quotes, double quotes with their backslash escapes, and backslashes outside quotes;
 * it expands nothing, and operators such as {@code ||} come back as words of their own when spaced.
 * Stateless.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * {@code value} in single quotes, each {@code '} written as {@code '\''} (close, escaped quote, reopen):
     * inside single quotes the shell treats every other character literally, so any path is safe.
     */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The words of {@code line}, quotes removed.
     *
     * @throws IllegalArgumentException when a quote is not closed or the line ends in a lone backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' in: " + line);
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("lone \\ at the end of: " + line);
                }
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text starting at {@code from} to {@code word}; returns the closing quote's index. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            // Inside double quotes a backslash escapes only these; before anything else it is literal.
            if (c == '\\' && i + 1 < line.length() && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("unclosed \" in: " + line);
    }
}
