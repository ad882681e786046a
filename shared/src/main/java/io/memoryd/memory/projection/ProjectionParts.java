package io.memoryd.memory.projection;

import io.memoryd.memory.text.JsWhitespace;
import java.util.List;

/** How the projection's Markdown pieces are put together (docs/format.md §6.3, §6.7). */
final class ProjectionParts {

    private ProjectionParts() {
    }

    /** A section: heading, empty line, lines; trailing whitespace trimmed. */
    static String section(String heading, List<String> lines) {
        StringBuilder out = new StringBuilder(heading).append("\n");
        for (String line : lines) {
            out.append('\n').append(line);
        }
        return JsWhitespace.trimEnd(out.toString());
    }

    /** Drops blank parts, joins the rest with a blank line, trims trailing whitespace. */
    static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (JsWhitespace.isBlank(part)) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(part);
        }
        return JsWhitespace.trimEnd(out.toString());
    }
}
