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

    private static void appendLink(StringBuilder links, String path, String label) {
        if (path != null) {
            if (links.length() > 0) {
                links.append(' ');
            }
            links.append("[[").append(path).append('|').append(label).append("]]");
        }
    }
}
