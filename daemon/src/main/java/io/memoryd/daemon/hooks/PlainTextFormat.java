package io.memoryd.daemon.hooks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript as plain text, kept line by line as it is. Lines starting with a role label
 * ({@code User:}, {@code Human:}, {@code Assistant:}, {@code AI:}, any case) also feed the summary's requests
 * and final answer; other lines are only text. Never reports a line as malformed.
 */
public final class PlainTextFormat implements TranscriptFormat {

    public static final PlainTextFormat INSTANCE = new PlainTextFormat();

    private static final Pattern ROLE = Pattern.compile("(?i)^\\s*(user|human|assistant|ai)\\s*:\\s*(.*)$");

    private PlainTextFormat() {
    }

    @Override
    public LineParser newParser() {
        return (line, sink) -> {
            sink.text(line);
            Matcher m = ROLE.matcher(line);
            if (m.matches()) {
                String role = m.group(1).toLowerCase(java.util.Locale.ROOT);
                if (role.equals("user") || role.equals("human")) {
                    sink.request(m.group(2));
                } else {
                    sink.answer(m.group(2));
                }
            }
            return line.isBlank() ? Verdict.IGNORED : Verdict.USED;
        };
    }

    @Override
    public String name() {
        return "plain text";
    }
}
