package io.memoryd.memory.projection;

import java.util.function.Supplier;

/**
 * One session in the ledger (docs/format.md §6.4 step 5). The sentence is computed on first use because it
 * may need the row's body, and only the entries that end up shown need it.
 */
final class LedgerEntry {

    final String membershipTs;
    final String sessionLabel;
    final String project;
    final String summaryPath;
    final String transcriptPath;
    final String compactionPath;
    final String manifestPath;
    private final Supplier<String> sentence;
    private String line;
    /**
     * Token counts of the line followed by 0, 1 or 2 newlines, and of its day heading, -1 until asked
     * ({@link LedgerFitter}). Plain fields: a racing second computation writes the same number.
     */
    private final int[] lineTokens = {-1, -1, -1};
    private int dayHeadingTokens = -1;

    LedgerEntry(String membershipTs, String sessionLabel, String project, String summaryPath, String transcriptPath,
            String compactionPath, String manifestPath, Supplier<String> sentence) {
        this.membershipTs = membershipTs;
        this.sessionLabel = sessionLabel;
        this.project = project;
        this.summaryPath = summaryPath;
        this.transcriptPath = transcriptPath;
        this.compactionPath = compactionPath;
        this.manifestPath = manifestPath;
        this.sentence = sentence;
    }

    String day() {
        return membershipTs.length() > 10 ? membershipTs.substring(0, 10) : membershipTs;
    }

    /** {@code - <ts> | session=<s> | project=<p> | <sentence> <links>}, trailing whitespace trimmed. */
    String line() {
        if (line == null) {
            StringBuilder links = new StringBuilder();
            appendLink(links, summaryPath, "summary");
            appendLink(links, transcriptPath, "transcript");
            appendLink(links, compactionPath, "compaction");
            appendLink(links, manifestPath, "manifest");
            line = io.memoryd.memory.text.JsWhitespace.trimEnd("- " + membershipTs + " | session=" + sessionLabel
                    + " | project=" + (project == null ? "none" : project) + " | " + sentence.get() + " " + links);
        }
        return line;
    }

    /** The token count of {@link #line()} followed by {@code newlines} (0 to 2) newline characters. */
    int lineTokens(TokenBudget tokens, int newlines) {
        int count = lineTokens[newlines];
        if (count < 0) {
            count = tokens.count(newlines == 0 ? line() : line() + "\n".repeat(newlines));
            lineTokens[newlines] = count;
        }
        return count;
    }

    /** The token count of this entry's day heading and the blank line after it: {@code ### <day>\n\n}. */
    int dayHeadingTokens(TokenBudget tokens) {
        if (dayHeadingTokens < 0) {
            dayHeadingTokens = tokens.count("### " + day() + "\n\n");
        }
        return dayHeadingTokens;
    }

    private static void appendLink(StringBuilder links, String path, String label) {
        if (path != null) {
            if (links.length() > 0) {
                links.append(' ');
            }
            links.append("[[").append(path).append('|').append(label).append("]]");
        }
    }
}
