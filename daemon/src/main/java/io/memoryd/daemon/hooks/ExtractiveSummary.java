package io.memoryd.daemon.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The summary memoryd writes without a language model (docs/format.md §5.7): a header, the first request,
 * the latest later requests, files changed and read, the latest commands and the final answer, each item
 * cut short, all of it at most {@code maxChars}. When it is too long, items are dropped from the longest
 * list first, then the final answer and the first request are shortened. Deterministic: the same facts give
 * the same text.
 */
final class ExtractiveSummary {

    private static final int FIRST_REQUEST_CHARS = 300;
    private static final int ITEM_CHARS = 160;
    private static final int ANSWER_CHARS = 500;
    private static final int COMPACTION_CHARS = 400;
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
    private static final int SHORTEST_TEXT = 80;
    /** Items considered per list before fitting; more would not fit in a summary of a few KB anyway. */
    private static final int MAX_ITEMS = 12;

    /** Who the segment belongs to, for the header. */
    record Context(String harness, String project, int segment) {
    }

    private final Context context;
    private final SessionFacts facts;
    private final List<String> later;
    private final List<String> changed;
    private final List<String> read;
    private final List<String> commands;
    private String firstRequest;
    private String finalAnswer;
    private String compaction;

    private ExtractiveSummary(Context context, SessionFacts facts, String compactionSummary) {
        this.context = context;
        this.facts = facts;
        this.later = cutAll(latest(facts.laterRequests()));
        this.changed = cutAll(first(facts.filesChanged()));
        this.read = cutAll(first(facts.filesRead()));
        this.commands = cutAll(latest(facts.commands()));
        this.firstRequest = facts.firstRequest() == null ? null : FactsCollector.cut(facts.firstRequest(),
                FIRST_REQUEST_CHARS);
        this.finalAnswer = facts.finalAnswer() == null ? null
                : FactsCollector.cut(flat(facts.finalAnswer()), ANSWER_CHARS);
        this.compaction = compactionSummary == null ? null
                : FactsCollector.cut(flat(withoutPreamble(compactionSummary)), COMPACTION_CHARS);
    }

    /**
     * The summary of a segment's facts, at most {@code maxChars} characters; a segment ended by a compaction also
     * shows the start of the harness's compaction summary.
     */
    static String render(Context context, SessionFacts facts, String compactionSummary, int maxChars) {
        return new ExtractiveSummary(context, facts, compactionSummary).fit(maxChars);
    }

    /** The summary of a session whose transcript could not be read at all: it says why. */
    static String nothingReadable(Context context, List<String> reasons, int maxChars) {
        StringBuilder out = new StringBuilder(header(context))
                .append("\n\nNo transcript was readable for this session");
        out.append(reasons.isEmpty() ? "." : ":");
        for (String r : reasons) {
            out.append("\n- ").append(r);
        }
        return FactsCollector.cut(out.toString(), maxChars);
    }

    private String fit(int maxChars) {
        String text = text();
        while (text.length() > maxChars) {
            List<String> longest = longestList();
            if (longest != null) {
                // Lists kept latest-last lose their oldest item; lists in order of appearance their last one.
                longest.remove(longest == later || longest == commands ? 0 : longest.size() - 1);
            } else if (finalAnswer != null && finalAnswer.length() > SHORTEST_TEXT) {
                finalAnswer = FactsCollector.cut(finalAnswer, Math.max(SHORTEST_TEXT, finalAnswer.length()
                        - (text.length() - maxChars)));
            } else if (compaction != null && compaction.length() > SHORTEST_TEXT) {
                compaction = FactsCollector.cut(compaction, Math.max(SHORTEST_TEXT, compaction.length()
                        - (text.length() - maxChars)));
            } else if (firstRequest != null && firstRequest.length() > SHORTEST_TEXT) {
                firstRequest = FactsCollector.cut(firstRequest, Math.max(SHORTEST_TEXT, firstRequest.length()
                        - (text.length() - maxChars)));
            } else {
                return FactsCollector.cut(text, maxChars);
            }
            text = text();
        }
        return text;
    }

    private List<String> longestList() {
        List<String> best = null;
        int bestChars = 0;
        for (List<String> list : List.of(later, changed, read, commands)) {
            int chars = list.stream().mapToInt(s -> s.length() + 3).sum();
            if (chars > bestChars) {
                best = list;
                bestChars = chars;
            }
        }
        return best;
    }

    private String text() {
        StringBuilder out = new StringBuilder(header(context));
        out.append('\n').append(counts());
        if (firstRequest != null) {
            out.append("\n\nFirst request: ").append(firstRequest);
        } else {
            out.append("\n\nNo user request was found.");
        }
        section(out, "Later requests", later, Math.max(0, facts.requestCount() - 1), "latest");
        section(out, "Files changed", changed, facts.filesChangedCount(), "first");
        section(out, "Files read", read, facts.filesReadCount(), "first");
        section(out, "Commands run", commands, facts.commandCount(), "latest");
        if (finalAnswer != null) {
            out.append("\n\nFinal answer: ").append(finalAnswer);
        }
        if (compaction != null) {
            out.append("\n\nCompaction summary: ").append(compaction);
        }
        return out.toString();
    }

    private static String header(Context c) {
        return "Session summary (extractive): harness " + c.harness() + ", project "
                + (c.project() == null ? "none" : c.project()) + ", segment " + c.segment() + ".";
    }

    private String counts() {
        String times = facts.firstTime() == null ? ""
                : facts.firstTime().equals(facts.lastTime()) ? ", at " + facts.firstTime()
                : ", from " + facts.firstTime() + " to " + facts.lastTime();
        return String.format(Locale.ROOT, "%d %s, %d tool %s%s.", facts.requestCount(),
                facts.requestCount() == 1 ? "request" : "requests", facts.toolCalls(),
                facts.toolCalls() == 1 ? "call" : "calls", times);
    }

    private static void section(StringBuilder out, String title, List<String> items, int total, String which) {
        if (items.isEmpty()) {
            return;
        }
        out.append("\n\n").append(title);
        out.append(items.size() < total ? " (" + which + " " + items.size() + " of " + total + "):"
                : " (" + total + "):");
        for (String item : items) {
            out.append("\n- ").append(item);
        }
    }

    private static String flat(String text) {
        return LINE_BREAKS.matcher(text.strip()).replaceAll(" ");
    }

    /** A compaction summary without its first line when that is the harness's stock preamble. */
    private static String withoutPreamble(String summary) {
        String s = summary.strip();
        int nl = s.indexOf('\n');
        return s.startsWith("This session is being continued") && nl > 0 ? s.substring(nl + 1) : s;
    }

    private static List<String> latest(List<String> items) {
        return items.subList(Math.max(0, items.size() - MAX_ITEMS), items.size());
    }

    private static List<String> first(List<String> items) {
        return items.subList(0, Math.min(MAX_ITEMS, items.size()));
    }

    private static List<String> cutAll(List<String> items) {
        List<String> out = new ArrayList<>(items.size());
        for (String s : items) {
            out.add(FactsCollector.cut(s, ITEM_CHARS));
        }
        return out;
    }
}
